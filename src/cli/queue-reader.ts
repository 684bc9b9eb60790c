/**
 * Reads the messages of a queue without consuming them: receive in batches with a short
 * visibility timeout, and `release` the untouched ones to make them visible again. SQS has no
 * "peek"; this is how SQS consoles list a queue.
 *
 * A message whose hold ran out comes back in a later receive; the reader hands out each
 * MessageId once, and remembers its newest receipt handle (an older one can no longer release it).
 *
 * Every call is retried with back-off (src/daemon/back-off.ts) for a few seconds, and each entry
 * a release batch lists in `Failed` is retried on its own.
 */
import { SQS_MAX_BATCH_ENTRIES as SQS_BATCH_SIZE } from "../protocol/sqs-limits.js";
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { retrySqsCall } from "../daemon/back-off.js";
import { systemClock } from "../daemon/clock.js";

/** Long enough to act on one batch; short enough that a crash returns the messages soon. */
const HOLD_SECONDS = 60;
/** How long one call is retried before the command gives up on it. */
const RETRY_BUDGET_MS = 5000;

const withRetries = <T>(call: () => Promise<T>): Promise<T> =>
  retrySqsCall(call, { deadlineMs: Date.now() + RETRY_BUDGET_MS, clock: systemClock });

export interface QueueReader {
  /** The next messages not handed out before; empty once the queue has no more or `limit` is reached. */
  next(): Promise<Message[]>;
  /**
   * Makes these messages (by MessageId) visible again at once. Never throws: resolves with how
   * many could not be released (they come back when the hold runs out).
   */
  release(messageIds: Iterable<string>): Promise<number>;
}

export function openQueueReader(sqs: SQSClient, queueUrl: string, limit: number): QueueReader {
  /** Every message handed out, by MessageId, with its newest receipt handle. */
  const seen = new Map<string, Message>();
  let emptyPolls = 0;
  return {
    async next() {
      // Short polls can miss messages on real SQS (they sample servers); one long poll confirms "empty".
      while (seen.size < limit && emptyPolls < 2) {
        const input = {
          QueueUrl: queueUrl,
          MaxNumberOfMessages: Math.min(SQS_BATCH_SIZE, limit - seen.size),
          WaitTimeSeconds: emptyPolls === 0 ? 0 : 1,
          VisibilityTimeout: HOLD_SECONDS,
          MessageSystemAttributeNames: ["All" as const],
          MessageAttributeNames: ["All"],
        };
        const result = await withRetries(() => sqs.send(new ReceiveMessageCommand(input)));
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
      let notReleased = 0;
      const releaseOne = async (message: Message): Promise<void> => {
        try {
          await withRetries(() =>
            sqs.send(
              new ChangeMessageVisibilityCommand({
                QueueUrl: queueUrl,
                ReceiptHandle: message.ReceiptHandle,
                VisibilityTimeout: 0,
              }),
            ),
          );
        } catch {
          notReleased += 1;
        }
      };
      for (let start = 0; start < messages.length; start += SQS_BATCH_SIZE) {
        const batch = messages.slice(start, start + SQS_BATCH_SIZE);
        let failed: Message[];
        try {
          const result = await sqs.send(
            new ChangeMessageVisibilityBatchCommand({
              QueueUrl: queueUrl,
              Entries: batch.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle,
                VisibilityTimeout: 0,
              })),
            }),
          );
          const failedIds = new Set((result.Failed ?? []).map((entry) => entry.Id));
          failed = batch.filter((_, index) => failedIds.has(String(index)));
        } catch {
          failed = batch;
        }
        await Promise.all(failed.map(releaseOne));
      }
      return notReleased;
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
