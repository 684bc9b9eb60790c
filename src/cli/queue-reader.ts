/**
 * Reads the messages of a queue without consuming them: receive in batches with a short
 * visibility timeout, and `release` the untouched ones to make them visible again. SQS has no
 * "peek"; this is how SQS consoles list a queue.
 *
 * A message whose hold ran out comes back in a later receive; the reader hands out each
 * MessageId once, and remembers its newest receipt handle (an older one can no longer release it).
 */
import { SQS_MAX_BATCH_ENTRIES as SQS_BATCH_SIZE } from "../protocol/sqs-limits.js";
import {
  ChangeMessageVisibilityBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";

/** Long enough to act on one batch; short enough that a crash returns the messages soon. */
const HOLD_SECONDS = 60;

export interface QueueReader {
  /** The next messages not handed out before; empty once the queue has no more or `limit` is reached. */
  next(): Promise<Message[]>;
  /** Makes these messages (by MessageId) visible again at once. */
  release(messageIds: Iterable<string>): Promise<void>;
}

export function openQueueReader(sqs: SQSClient, queueUrl: string, limit: number): QueueReader {
  /** Every message handed out, by MessageId, with its newest receipt handle. */
  const seen = new Map<string, Message>();
  let emptyPolls = 0;
  return {
    async next() {
      // Short polls can miss messages on real SQS (they sample servers); one long poll confirms "empty".
      while (seen.size < limit && emptyPolls < 2) {
        const result = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: Math.min(SQS_BATCH_SIZE, limit - seen.size),
            WaitTimeSeconds: emptyPolls === 0 ? 0 : 1,
            VisibilityTimeout: HOLD_SECONDS,
            MessageSystemAttributeNames: ["All"],
            MessageAttributeNames: ["All"],
          }),
        );
        const fresh: Message[] = [];
        for (const message of result.Messages ?? []) {
          const id = message.MessageId ?? "";
          const earlier = seen.get(id);
          if (earlier) earlier.ReceiptHandle = message.ReceiptHandle;
          else {
            seen.set(id, message);
            fresh.push(message);
          }
        }
        // Only messages handed out already: the queue has nothing new for us.
        if (fresh.length === 0) emptyPolls += 1;
        else {
          emptyPolls = 0;
          return fresh;
        }
      }
      return [];
    },
    async release(messageIds) {
      const messages = [...messageIds].flatMap((id) => seen.get(id) ?? []);
      for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
        const batch = messages.slice(start, start + SQS_BATCH_SIZE);
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

/** Every message up to `limit`, each once, then makes them all visible again (`dlq list`). */
export async function peekQueue(
  sqs: SQSClient,
  queueUrl: string,
  limit: number,
): Promise<Message[]> {
  const reader = openQueueReader(sqs, queueUrl, limit);
  const messages: Message[] = [];
  for (let batch = await reader.next(); batch.length > 0; batch = await reader.next()) {
    messages.push(...batch);
  }
  await reader.release(messages.map((message) => message.MessageId ?? ""));
  return messages;
}
