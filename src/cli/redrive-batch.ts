/**
 * Moves received messages from the dead-letter queue to the worker queue: SendMessageBatch, then
 * DeleteMessageBatch of the messages that were sent. A message is deleted only once its copy is
 * sent, so a failure leaves a duplicate, never a loss. Done batch by batch while reading, so no
 * message is held longer than one batch takes.
 *
 * Batches are bounded by SQS's count (10) and bytes (1 MiB for all messages together, counted as
 * SQS counts them). A call that fails, and each entry a batch lists in `Failed`, is retried with
 * back-off (src/daemon/back-off.ts) for a few seconds; entries SQS refuses are reported.
 */
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type BatchResultErrorEntry,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { retrySqsCall } from "../daemon/back-off.js";
import { systemClock } from "../daemon/clock.js";
import { PARKED_ATTRIBUTE_PREFIX } from "../protocol/message-attributes.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import { sqsMessageBytes } from "../protocol/sqs-limits.js";

export type RedriveResult =
  | { message: Message; outcome: "moved"; newMessageId: string }
  /** Not sent: still in the dead-letter queue. */
  | { message: Message; outcome: "not-sent"; reason: string }
  /** Sent, but still in the dead-letter queue too: a later redrive would send it twice. */
  | { message: Message; outcome: "not-deleted"; newMessageId: string; reason: string };

const SQS_BATCH_ENTRIES = 10;
/** SQS's limit for all the messages of one SendMessageBatch together. */
export const SQS_BATCH_BYTES = 1024 * 1024;
/** How long one call is retried: well inside the reader's hold of the messages. */
const RETRY_BUDGET_MS = 5000;

/** The attributes a redriven copy carries: all but the app's parking details (`worker.*`). */
export function keptAttributes(
  message: Message,
): Record<string, MessageAttributeValue> | undefined {
  const kept = Object.entries(message.MessageAttributes ?? {}).filter(
    ([name]) => !name.startsWith(PARKED_ATTRIBUTE_PREFIX),
  );
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** A FIFO worker queue needs a group; the message keeps its own, and its DLQ id dedupes a re-run. */
function fifoFields(
  queueUrl: string,
  message: Message,
): { MessageGroupId?: string; MessageDeduplicationId?: string } {
  if (!isFifoQueueUrl(queueUrl)) return {};
  return {
    MessageGroupId: message.Attributes?.MessageGroupId ?? "redrive",
    MessageDeduplicationId: message.MessageId,
  };
}

/** Consecutive runs of at most 10 messages and 1 MiB; a message over 1 MiB goes alone. */
export function byteBoundedBatches(messages: readonly Message[]): Message[][] {
  const batches: Message[][] = [];
  let batch: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = sqsMessageBytes(message.Body ?? "", keptAttributes(message));
    if (
      batch.length > 0 &&
      (batch.length === SQS_BATCH_ENTRIES || bytes + size > SQS_BATCH_BYTES)
    ) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

function describeFailure(entry: BatchResultErrorEntry | undefined): string {
  return entry ? `${entry.Code ?? "?"}: ${entry.Message ?? "no message"}` : "no answer for it";
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

const withRetries = <T>(call: () => Promise<T>): Promise<T> =>
  retrySqsCall(call, { deadlineMs: Date.now() + RETRY_BUDGET_MS, clock: systemClock });

/** Sends one batch; a batch that fails entirely is tried again as a whole, failed entries singly. */
async function sendAll(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly Message[],
): Promise<{ newIds: Map<number, string>; failures: Map<number, string> }> {
  const newIds = new Map<number, string>();
  const failures = new Map<number, string>();
  const entryOf = (message: Message) => ({
    MessageBody: message.Body,
    MessageAttributes: keptAttributes(message),
    ...fifoFields(queueUrl, message),
  });
  let retrySingly: number[] = [];
  try {
    const sent = await withRetries(() =>
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: messages.map((message, index) => ({ Id: String(index), ...entryOf(message) })),
        }),
      ),
    );
    for (const entry of sent.Successful ?? []) newIds.set(Number(entry.Id), entry.MessageId ?? "");
    for (const entry of sent.Failed ?? []) {
      // A sender fault (too large, bad attribute) would fail again; anything else is worth a retry.
      if (entry.SenderFault) failures.set(Number(entry.Id), describeFailure(entry));
      else retrySingly.push(Number(entry.Id));
    }
  } catch (error) {
    for (const index of messages.keys()) failures.set(index, describeError(error));
    retrySingly = [];
  }
  await Promise.all(
    retrySingly.map(async (index) => {
      const message = messages[index];
      if (!message) return;
      try {
        const sent = await withRetries(() =>
          sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, ...entryOf(message) })),
        );
        newIds.set(index, sent.MessageId ?? "");
      } catch (error) {
        failures.set(index, describeError(error));
      }
    }),
  );
  return { newIds, failures };
}

/** Deletes these from the dead-letter queue; resolves with the reason of each one that failed. */
async function deleteAll(
  sqs: SQSClient,
  queueUrl: string,
  messages: ReadonlyMap<number, Message>,
): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  if (messages.size === 0) return failures;
  let retrySingly: number[];
  try {
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [...messages].map(([index, message]) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
    retrySingly = (deleted.Failed ?? []).map((entry) => Number(entry.Id));
  } catch {
    retrySingly = [...messages.keys()];
  }
  await Promise.all(
    retrySingly.map(async (index) => {
      try {
        await withRetries(() =>
          sqs.send(
            new DeleteMessageCommand({
              QueueUrl: queueUrl,
              ReceiptHandle: messages.get(index)?.ReceiptHandle,
            }),
          ),
        );
      } catch (error) {
        failures.set(index, describeError(error));
      }
    }),
  );
  return failures;
}

async function redriveOneBatch(
  sqs: SQSClient,
  from: { deadLetterQueueUrl: string; queueUrl: string },
  messages: readonly Message[],
): Promise<RedriveResult[]> {
  const { newIds, failures } = await sendAll(sqs, from.queueUrl, messages);
  const sent = new Map(
    messages.flatMap((message, index) => (newIds.has(index) ? [[index, message] as const] : [])),
  );
  const deleteFailures = await deleteAll(sqs, from.deadLetterQueueUrl, sent);
  return messages.map((message, index): RedriveResult => {
    const newMessageId = newIds.get(index);
    if (newMessageId === undefined) {
      return { message, outcome: "not-sent", reason: failures.get(index) ?? "no answer for it" };
    }
    const deleteFailure = deleteFailures.get(index);
    if (deleteFailure !== undefined) {
      return { message, outcome: "not-deleted", newMessageId, reason: deleteFailure };
    }
    return { message, outcome: "moved", newMessageId };
  });
}

export async function redriveBatch(
  sqs: SQSClient,
  from: { deadLetterQueueUrl: string; queueUrl: string },
  messages: readonly Message[],
): Promise<RedriveResult[]> {
  const results: RedriveResult[] = [];
  for (const batch of byteBoundedBatches(messages)) {
    results.push(...(await redriveOneBatch(sqs, from, batch)));
  }
  return results;
}
