/**
 * Moves one received batch (up to 10) from the dead-letter queue to the worker queue: one
 * SendMessageBatch, then one DeleteMessageBatch of the messages that were sent. A message is
 * deleted only once its copy is sent, so a failure leaves a duplicate, never a loss. Done batch
 * by batch while reading, so no message is held longer than one batch takes.
 */
import {
  DeleteMessageBatchCommand,
  SendMessageBatchCommand,
  type BatchResultErrorEntry,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { PARKED_ATTRIBUTE_PREFIX } from "../protocol/message-attributes.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";

export type RedriveResult =
  | { message: Message; outcome: "moved"; newMessageId: string }
  /** Not sent: still in the dead-letter queue. */
  | { message: Message; outcome: "not-sent"; reason: string }
  /** Sent, but still in the dead-letter queue too: a later redrive would send it twice. */
  | { message: Message; outcome: "not-deleted"; newMessageId: string; reason: string };

function keptAttributes(message: Message): Record<string, MessageAttributeValue> | undefined {
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

function describeFailure(entry: BatchResultErrorEntry | undefined): string {
  return entry ? `${entry.Code ?? "?"}: ${entry.Message ?? "no message"}` : "no answer for it";
}

export async function redriveBatch(
  sqs: SQSClient,
  from: { deadLetterQueueUrl: string; queueUrl: string },
  messages: readonly Message[],
): Promise<RedriveResult[]> {
  if (messages.length === 0) return [];
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: from.queueUrl,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        MessageBody: message.Body,
        MessageAttributes: keptAttributes(message),
        ...fifoFields(from.queueUrl, message),
      })),
    }),
  );
  const newIds = new Map((sent.Successful ?? []).map((entry) => [entry.Id, entry.MessageId]));
  const sendFailures = new Map((sent.Failed ?? []).map((entry) => [entry.Id, entry]));
  const toDelete = messages
    .map((message, index) => ({ message, id: String(index) }))
    .filter(({ id }) => newIds.has(id));
  const deleteFailures = new Map<string | undefined, BatchResultErrorEntry>();
  if (toDelete.length > 0) {
    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: from.deadLetterQueueUrl,
        Entries: toDelete.map(({ message, id }) => ({
          Id: id,
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
    for (const entry of deleted.Failed ?? []) deleteFailures.set(entry.Id, entry);
  }
  return messages.map((message, index): RedriveResult => {
    const id = String(index);
    const newMessageId = newIds.get(id);
    if (newMessageId === undefined) {
      return { message, outcome: "not-sent", reason: describeFailure(sendFailures.get(id)) };
    }
    const deleteFailure = deleteFailures.get(id);
    if (deleteFailure) {
      return {
        message,
        outcome: "not-deleted",
        newMessageId,
        reason: describeFailure(deleteFailure),
      };
    }
    return { message, outcome: "moved", newMessageId };
  });
}
