/**
 * Reads the messages of a queue without consuming them: receive in batches with a short
 * visibility timeout, and hand back a `release` that makes the untouched ones visible again.
 * SQS has no "peek"; this is how SQS consoles list a queue.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** Long enough to act on what was read; short enough that a crash returns them soon. */
const HOLD_SECONDS = 60;

export interface HeldMessages {
  messages: Message[];
  /** Makes these messages visible again at once. */
  release(messages: Message[]): Promise<void>;
}

export async function readQueue(
  sqs: SQSClient,
  queueUrl: string,
  limit: number,
): Promise<HeldMessages> {
  const messages: Message[] = [];
  let emptyPolls = 0;
  // Short polls can miss messages on real SQS (they sample servers); one long poll confirms "empty".
  while (messages.length < limit && emptyPolls < 2) {
    const result = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, limit - messages.length),
        WaitTimeSeconds: emptyPolls === 0 ? 0 : 1,
        VisibilityTimeout: HOLD_SECONDS,
        MessageSystemAttributeNames: ["All"],
        MessageAttributeNames: ["All"],
      }),
    );
    const batch = result.Messages ?? [];
    if (batch.length === 0) emptyPolls += 1;
    else emptyPolls = 0;
    messages.push(...batch);
  }
  return {
    messages,
    async release(toRelease) {
      for (let start = 0; start < toRelease.length; start += 10) {
        const batch = toRelease.slice(start, start + 10);
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: batch.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    },
  };
}
