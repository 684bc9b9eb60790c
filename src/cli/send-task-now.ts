/**
 * Sends a periodic task's scheduled-job message to the worker queue now, exactly as the Beanstalk
 * leader does when the task is due (docs/protocol.md §3.3, as src/daemon/cron-scheduler.ts sends
 * it), so it travels through the queue and the daemon like any scheduled run. Used by
 * `task run` and the local console's "Run now".
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes } from "../protocol/scheduled-job.js";

export async function sendTaskNow(
  sqs: SQSClient,
  queueUrl: string,
  task: { name: string; url: string },
  signal?: AbortSignal,
): Promise<{ messageId: string }> {
  const { MessageId } = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: SCHEDULED_JOB_BODY,
      MessageAttributes: scheduledJobAttributes(task.name, task.url, new Date()),
    }),
    signal ? { abortSignal: signal } : {},
  );
  return { messageId: MessageId ?? "" };
}
