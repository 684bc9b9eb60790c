/**
 * The keys of idempotency records, one namespace per kind of record, so that two job types that
 * happen to share a producer's idempotency key each run once (issue 10: they ran once in total).
 *
 *   job#<job type>#key:<idempotency key>    a job sent with the idempotency-key attribute
 *   job#<job type>#message:<message id>     any other job
 *   task#<task name>@<scheduled at>          one scheduled minute of a periodic task
 *   step#<record key>#<step name>           a step's result inside that job or task (ctx.once)
 *   lock#<lock key>                          a run lock (RunLocks)
 *
 * A key longer than DynamoDB allows comfortably is replaced by its SHA-256 (the partition key's
 * limit is 2048 bytes; an idempotency-key attribute may be far longer).
 */
import { createHash } from "node:crypto";
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "../protocol/message-attributes.js";
import type { ScheduledTask, SqsdDelivery } from "../protocol/headers.js";
import { formatHeaderTimestamp } from "../protocol/timestamps.js";

const MAX_KEY_BYTES = 1024;

/**
 * `originalMessageId`: a retry policy's delayed copy (src/retry) is the same job as the message it
 * was copied from, so its record is the original's.
 */
export function jobRecordKey(
  jobType: string,
  delivery: SqsdDelivery,
  originalMessageId?: string,
): string {
  const idempotencyKey = delivery.attributes[IDEMPOTENCY_KEY_ATTRIBUTE];
  const own = idempotencyKey
    ? `key:${idempotencyKey}`
    : `message:${originalMessageId ?? delivery.messageId}`;
  return bounded(`job#${jobType}#${own}`);
}

export function taskRecordKey(task: ScheduledTask): string {
  return bounded(`task#${task.name}@${formatHeaderTimestamp(task.scheduledAt)}`);
}

export function stepRecordKey(recordKey: string, step: string): string {
  return bounded(`step#${recordKey}#${step}`);
}

export function lockRecordKey(key: string): string {
  return bounded(`lock#${key}`);
}

function bounded(key: string): string {
  if (Buffer.byteLength(key) <= MAX_KEY_BYTES) return key;
  const kind = key.slice(0, key.indexOf("#"));
  return `${kind}#sha256:${createHash("sha256").update(key).digest("hex")}`;
}
