/**
 * What `sqs-worker make job <name>` writes: a job module with a placeholder payload and a handler
 * that does nothing yet, and its test file. Both pass lint and typecheck as written: the handler
 * is not `async` (the lint rule require-await refuses an `async` function without `await`).
 */

export interface ModuleNames {
  /** The job type or task name, e.g. "resize-image". */
  name: string;
  /** The exported constant, e.g. "resizeImage". */
  identifier: string;
}

export function jobModule({ name, identifier }: ModuleNames): string {
  return `import { z } from "zod";
import { defineJob } from "./define-job.js";

/** The "${name}" job. Say here what it does and who enqueues it. */
export const ${identifier} = defineJob({
  name: "${name}",
  // What producers send: \`enqueue("${name}", { id: "..." })\` is typed by this schema, and a
  // payload it refuses is parked as invalid-payload instead of retried.
  payload: z.strictObject({
    id: z.string().min(1),
  }),
  handle({ id }, { log }) {
    // The work goes here. Return to succeed (sqsd deletes the message); throw to have it retried;
    // throw PermanentJobError (src/errors.ts) to park it in the dead-letter queue at once. Once
    // you \`await\` something, make this \`async handle\` and drop the Promise.resolve().
    log.info({ id }, "${name}: nothing to do yet");
    return Promise.resolve();
  },
});
`;
}

export function jobTest({ name, identifier }: ModuleNames): string {
  return `import { expect } from "chai";
import { ${identifier} } from "../../src/jobs/${name}.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";
import { jobContext } from "./job-context.js";

describe("${name} job", () => {
  const payload = { id: "42" };

  it("runs its handler on a valid payload", async () => {
    // Assert what the job did here: a file written, a client called (jobContext's clients option).
    await ${identifier}.handle(payload, jobContext(${identifier}));
  });

  it("answers sqsd's POST of a valid job with 200, so the message is deleted", async () => {
    const { app } = testWorker({ jobs: [${identifier}] });
    const res = await postJob(app, "${name}", payload);
    expect(res.status).to.equal(200);
    expect(res.body.reason).to.equal("completed");
  });

  it("answers a payload its schema refuses with 422 invalid-payload, so it is not retried", async () => {
    const { app } = testWorker({ jobs: [${identifier}] });
    const res = await postJob(app, "${name}", { id: "" });
    expect(res.status).to.equal(422);
    expect(res.body.reason).to.equal("invalid-payload");
  });
});
`;
}
