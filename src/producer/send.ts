/**
 * The only calls to SQS. One message goes out with SendMessage; a list goes out in
 * SendMessageBatch requests, and every entry SQS refuses is reported, never dropped.
 */
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { toError } from "../errors.js";
import { splitIntoRequests, type IndexedMessage } from "./batch.js";
import { EnqueueBatchError, EnqueueError, type FailedEntry } from "./errors.js";
import { stringAttributeValues } from "./string-attributes.js";
import type { PreparedMessage } from "./prepare.js";

export async function sendOne(
  sqs: SQSClient,
  queueUrl: string,
  message: PreparedMessage,
  signal: AbortSignal | undefined,
): Promise<{ messageId: string }> {
  const command = new SendMessageCommand({ QueueUrl: queueUrl, ...sqsFields(message) });
  const { MessageId } = await sqs.send(command, { abortSignal: signal });
  if (MessageId === undefined) {
    throw new EnqueueError(`Expected SQS to answer with a MessageId, got none`);
  }
  return { messageId: MessageId };
}

/** Sends every request, even after one fails, then throws if any entry did not arrive. */
export async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly PreparedMessage[],
  signal: AbortSignal | undefined,
): Promise<{ messageId: string }[]> {
  const sent: { index: number; messageId: string }[] = [];
  const failed: FailedEntry[] = [];
  for (const request of splitIntoRequests(messages)) {
    try {
      const entries = request.map(({ index, message }) => ({
        Id: String(index),
        ...sqsFields(message),
      }));
      const command = new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries });
      const output = await sqs.send(command, { abortSignal: signal });
      collect(request, output.Successful ?? [], output.Failed ?? [], sent, failed);
    } catch (thrown) {
      const error = toError(thrown);
      for (const { index, message } of request) {
        failed.push({ index, type: message.type, code: error.name, message: error.message });
      }
    }
  }
  if (failed.length > 0) {
    throw new EnqueueBatchError(
      failed.sort((a, b) => a.index - b.index),
      sent.sort((a, b) => a.index - b.index),
    );
  }
  return sent.sort((a, b) => a.index - b.index).map(({ messageId }) => ({ messageId }));
}

/** Matches SQS's answer to the request by entry Id; an entry in neither list counts as failed. */
function collect(
  request: readonly IndexedMessage[],
  successful: readonly { Id?: string | undefined; MessageId?: string | undefined }[],
  refused: readonly {
    Id?: string | undefined;
    Code?: string | undefined;
    Message?: string | undefined;
  }[],
  sent: { index: number; messageId: string }[],
  failed: FailedEntry[],
): void {
  for (const { index, message } of request) {
    const id = String(index);
    const success = successful.find((entry) => entry.Id === id);
    if (success?.MessageId !== undefined) {
      sent.push({ index, messageId: success.MessageId });
      continue;
    }
    const failure = refused.find((entry) => entry.Id === id);
    failed.push({
      index,
      type: message.type,
      code: failure?.Code ?? "MissingFromResponse",
      message: failure?.Message ?? "SQS listed this entry as neither successful nor failed",
    });
  }
}

function sqsFields(message: PreparedMessage) {
  return {
    MessageBody: message.body,
    DelaySeconds: message.DelaySeconds,
    MessageGroupId: message.MessageGroupId,
    MessageDeduplicationId: message.MessageDeduplicationId,
    MessageAttributes:
      Object.keys(message.attributes).length === 0
        ? undefined
        : stringAttributeValues(message.attributes),
  };
}
