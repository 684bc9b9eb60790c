/**
 * SQS's documented limits, declared once: the producer checks them before calling SQS (so a
 * mistake names the rule), the app's body limit defaults to the message size, and whatever
 * batches SQS calls (the daemon, the CLI) uses the batch size.
 */

import type { MessageAttributeValue } from "@aws-sdk/client-sqs";

/** The largest message SQS accepts (1 MiB since 2025); also the app's default body limit. */
export const SQS_MAX_MESSAGE_BYTES = 1024 * 1024;

/** The longest per-message delay SQS allows: 15 minutes. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Entries per batch request (SendMessageBatch, DeleteMessageBatch, …) and messages per ReceiveMessage. */
export const SQS_MAX_BATCH_ENTRIES = 10;

/** The sum of all message sizes in one SendMessageBatch request, whatever the queue's own limit. */
export const SQS_MAX_BATCH_BYTES = SQS_MAX_MESSAGE_BYTES;

/** Message attributes per message. */
export const SQS_MAX_ATTRIBUTES = 10;

/** FIFO MessageGroupId and MessageDeduplicationId: 1–128 printable ASCII characters, no spaces. */
export const SQS_ID_PATTERN = /^[\x21-\x7E]{1,128}$/;

/** MaximumMessageSize of queues created before the 2025 raise: the smallest default in use. */
export const SQS_OLD_DEFAULT_MESSAGE_BYTES = 256 * 1024;

/**
 * A message's size as SQS counts it against MaximumMessageSize: the UTF-8 bytes of the body plus,
 * for each message attribute, its name, its data type and its value.
 */
export function sqsMessageBytes(
  body: string,
  attributes: Readonly<Record<string, MessageAttributeValue>> = {},
): number {
  let bytes = Buffer.byteLength(body, "utf8");
  for (const [name, value] of Object.entries(attributes)) {
    bytes += Buffer.byteLength(name, "utf8") + Buffer.byteLength(value.DataType ?? "", "utf8");
    bytes += Buffer.byteLength(value.StringValue ?? "", "utf8");
    bytes += value.BinaryValue?.byteLength ?? 0;
  }
  return bytes;
}
