/**
 * Sends a periodic task's scheduled-job message to the worker queue now, as the Beanstalk leader
 * does when the task is due (docs/protocol.md §3.3, as src/daemon/cron-scheduler.ts sends it), so
 * it travels through the queue and the daemon like any scheduled run. Used by `task run` and the
 * local console's "Run now".
 *
 * A manual run carries the mark and the exact time (its own key: each manual run runs), so the
 * periodic-task guards (local time, stale, overlap; src/schedules) let it through. `guarded` sends
 * the whole minute without the mark, exactly as the leader would.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { stringAttribute } from "../protocol/message-attributes.js";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes } from "../protocol/scheduled-job.js";
import { MANUAL_RUN_ATTRIBUTE, MANUAL_RUN_VALUE } from "../schedules/manual-run.js";

export async function sendTaskNow(
  sqs: SQSClient,
  queueUrl: string,
  task: { name: string; url: string },
  options: { signal?: AbortSignal | undefined; guarded?: boolean; now?: Date } = {},
): Promise<{ messageId: string }> {
  const now = options.now ?? new Date();
  const minute = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const attributes = scheduledJobAttributes(task.name, task.url, options.guarded ? minute : now);
  if (!options.guarded) attributes[MANUAL_RUN_ATTRIBUTE] = stringAttribute(MANUAL_RUN_VALUE);
  const { MessageId } = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: SCHEDULED_JOB_BODY,
      MessageAttributes: attributes,
    }),
    options.signal ? { abortSignal: options.signal } : {},
  );
  return { messageId: MessageId ?? "" };
}
