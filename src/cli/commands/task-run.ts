/**
 * `sqs-worker task run <name>`: sends the task's scheduled-job message to the worker queue now,
 * exactly as the Beanstalk leader does when the task is due, so it travels through the queue and
 * the daemon like any scheduled run. It is marked as a manual run (src/schedules/manual-run.ts), so
 * the task's guards (local time, staleness, overlap) let it through: a person asked for it now.
 * `--guards` leaves the mark off and sends the current whole minute, exactly as the leader would.
 */
import { join } from "node:path";
import { loadCronFile } from "../../cron/cron-file.js";
import { CommandError, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";
import { QUEUE_URL_FLAG, requireUrl, withSqsTarget, SQS_FLAGS } from "../sqs-target.js";
import { sendTaskNow } from "../send-task-now.js";
import { didYouMean } from "../suggest.js";

const FLAGS: FlagTable = {
  cron: { type: "string", value: "file", description: "The periodic tasks. Default: cron.yaml." },
  guards: {
    type: "boolean",
    description:
      "Send it as the leader would, for the current minute, so the task's guards apply (local time, stale, overlap). Default: a manual run, which they let through.",
  },
  ...QUEUE_URL_FLAG,
  ...SQS_FLAGS,
};

export const taskRun = defineCommand({
  name: "run",
  summary: "Send a task's scheduled-job message through the worker queue now.",
  usage: "sqs-worker task run <name> [options]",
  description:
    "Sends the task's scheduled-job message to the worker queue now, as the Beanstalk leader does\nwhen it is due; the daemon POSTs it to the task's url like any scheduled run.",
  flags: FLAGS,
  positionals: true,
  async run({ values, positionals }, context) {
    if (positionals.length !== 1) {
      throw new UsageError(`Expected one task name, got ${positionals.length} argument(s)`);
    }
    const name = positionals[0] ?? "";
    const cronFile = stringFlag(values, "cron") ?? join(context.cwd, "cron.yaml");
    const tasks = await loadCronFile(cronFile);
    if (tasks === undefined) throw new CommandError(`Expected ${cronFile}, got no such file`);
    const task = tasks.find((candidate) => candidate.name === name);
    if (!task) {
      const names = tasks.map((candidate) => candidate.name);
      throw new UsageError(
        `Expected a task from ${cronFile} (${names.join(", ")}), got "${name}"${didYouMean(name, names)}`,
      );
    }
    return withSqsTarget(values, context, async (target) => {
      const queueUrl = requireUrl(target.queueUrl, "queue-url", "WORKER_QUEUE_URL");
      const { messageId } = await sendTaskNow(target.sqs, queueUrl, task, {
        signal: context.signal,
        guarded: values.guards === true,
      });
      context.stdout.write(`${messageId}
`);
      context.stderr.write(`Sent ${task.name} (POST ${task.url}) to ${queueUrl}.\n`);
      return 0;
    });
  },
});
