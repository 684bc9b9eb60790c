/**
 * `sqs-worker task list`: each periodic task's next run, in UTC and in the zone its schedule is
 * declared in, from cron.yaml and the task registry (src/schedules/next-runs.ts).
 */
import { join } from "node:path";
import { loadCronFile } from "../../cron/cron-file.js";
import { describeNextRun, nextRuns } from "../../schedules/next-runs.js";
import { tasks } from "../../tasks/index.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";

const FLAGS: FlagTable = {
  cron: { type: "string", value: "file", description: "The periodic tasks. Default: cron.yaml." },
};

export const taskList = defineCommand({
  name: "list",
  summary: "Show each periodic task's next run, in UTC and in its time zone.",
  usage: "sqs-worker task list [--cron <file>]",
  description:
    "Lists the tasks of cron.yaml and src/tasks/index.ts with their next run: in UTC, and in the\ntime zone a task declares its schedule in (docs/schedules.md).",
  flags: FLAGS,
  positionals: false,
  async run({ values }, context) {
    const cronFile = stringFlag(values, "cron") ?? join(context.cwd, "cron.yaml");
    const entries = (await loadCronFile(cronFile)) ?? [];
    const runs = nextRuns(entries, tasks);
    if (runs.length === 0) context.stdout.write(`No periodic task in ${cronFile}\n`);
    for (const run of runs) context.stdout.write(`${describeNextRun(run)}\n`);
    return 0;
  },
});
