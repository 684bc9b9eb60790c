/**
 * How `enqueueBatch` splits its messages into SendMessageBatch requests: at most 10 entries and
 * at most 1 MiB of messages per request, keeping the caller's order.
 */
import type { PreparedMessage } from "./prepare.js";
import { SQS_MAX_BATCH_BYTES, SQS_MAX_BATCH_ENTRIES } from "../protocol/sqs-limits.js";

/** A message with its position in the caller's list, which is also its batch entry Id. */
export interface IndexedMessage {
  index: number;
  message: PreparedMessage;
}

/** Groups messages into requests SQS accepts. Each message alone fits, as `prepareMessage` checked. */
export function splitIntoRequests(
  messages: readonly PreparedMessage[],
  maxBatchBytes = SQS_MAX_BATCH_BYTES,
): IndexedMessage[][] {
  const requests: IndexedMessage[][] = [];
  let current: IndexedMessage[] = [];
  let currentBytes = 0;
  messages.forEach((message, index) => {
    const full =
      current.length === SQS_MAX_BATCH_ENTRIES || currentBytes + message.size > maxBatchBytes;
    if (full && current.length > 0) {
      requests.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push({ index, message });
    currentBytes += message.size;
  });
  if (current.length > 0) requests.push(current);
  return requests;
}
