/**
 * `sqs-worker task run <name>`: sends the task's scheduled-job message to the worker queue now,
 * exactly as the Beanstalk leader does when the task is due, so it travels through the queue and
 * the daemon like any scheduled run. It is marked as a manual run (src/schedules/manual-run.ts), so
 * the task's guards (local time, staleness, overlap) let it through: a person asked for it now.
 * `--guards` leaves the mark off and sends the current whole minute, exactly as the leader would.
 */
import { join } from "node:path";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { loadCronFile } from "../../cron/cron-file.js";
import { stringAttribute } from "../../protocol/message-attributes.js";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes } from "../../protocol/scheduled-job.js";
import { MANUAL_RUN_ATTRIBUTE, MANUAL_RUN_VALUE } from "../../schedules/manual-run.js";
import { CommandError, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";
import { QUEUE_URL_FLAG, requireUrl, withSqsTarget, SQS_FLAGS } from "../sqs-target.js";
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

/**
 * The message the leader sends (docs/protocol.md §3.3), as src/daemon/cron-scheduler.ts sends it;
 * a manual run carries the mark and the exact time (its own key: each manual run runs).
 */
function scheduledJobMessage(task: { name: string; url: string }, now: Date, guarded: boolean) {
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const attributes = scheduledJobAttributes(task.name, task.url, guarded ? minute : now);
  if (!guarded) attributes[MANUAL_RUN_ATTRIBUTE] = stringAttribute(MANUAL_RUN_VALUE);
  return { MessageBody: SCHEDULED_JOB_BODY, MessageAttributes: attributes };
}

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
      const { MessageId } = await target.sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          ...scheduledJobMessage(task, new Date(), values.guards === true),
        }),
        { abortSignal: context.signal },
      );
      context.stdout.write(`${MessageId ?? ""}\n`);
      context.stderr.write(`Sent ${task.name} (POST ${task.url}) to ${queueUrl}.\n`);
      return 0;
    });
  },
});
