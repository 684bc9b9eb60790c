/**
 * What `sqs-worker make task <name>` writes: a periodic-task module that does nothing yet, and
 * its test file. Both pass lint and typecheck as written (no `async` without `await`).
 */
import type { ModuleNames } from "./job-template.js";

/** A schedule declared in the module: in a time zone, with cron.yaml's entry generated from it. */
export interface DeclaredSchedule {
  schedule: string;
  timeZone: string;
}

export function taskModule({ name, identifier }: ModuleNames, declared?: DeclaredSchedule): string {
  const where = declared
    ? `runs at "${declared.schedule}" in ${declared.timeZone}; cron.yaml's UTC entry comes from\n * here (npm run cli -- make cron writes it again after a change)`
    : "scheduled in cron.yaml";
  const timing = declared
    ? `  schedule: ${JSON.stringify(declared.schedule)},\n  timeZone: ${JSON.stringify(declared.timeZone)},\n`
    : "";
  return `import { defineTask } from "./define-task.js";

/** The "${name}" periodic task: ${where}. Say here what it does. */
export const ${identifier} = defineTask({
  name: "${name}",
${timing}  run({ task, log }) {
    // The work goes here. It runs once per scheduled minute (task.scheduledAt) on this instance.
    // Return to succeed; throw to have it retried. Once you \`await\` something, make this
    // \`async run\` and drop the Promise.resolve().
    log.info({ scheduledAt: task.scheduledAt }, "${name}: nothing to do yet");
    return Promise.resolve();
  },
});
`;
}

export function taskTest({ name, identifier }: ModuleNames): string {
  return `import { expect } from "chai";
import { ${identifier} } from "../../src/tasks/${name}.js";
import { taskContext } from "../jobs/job-context.js";
import { postTask } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

describe("${name} task", () => {
  const scheduledAt = new Date("2026-11-27T03:00:00Z");

  it("runs for its scheduled minute", async () => {
    // Assert what the task did here: a job enqueued, a file written (taskContext's clients option).
    const task = { name: "${name}", scheduledAt };
    await ${identifier}.run(taskContext(${identifier}, { task }));
  });

  it("answers sqsd's POST to /tasks/${name} with 200", async () => {
    const { app } = testWorker({ tasks: [${identifier}] });
    const res = await postTask(app, "${name}", scheduledAt);
    expect(res.status).to.equal(200);
    expect(res.body.reason).to.equal("completed");
  });
});
`;
}
