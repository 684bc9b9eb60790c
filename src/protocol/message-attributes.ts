/**
 * The message attributes this project gives meaning to, besides sqsd's own `beanstalk.sqsd.*`
 * (see scheduled-job.ts). sqsd forwards String and Number attributes to the app as
 * `X-Aws-Sqsd-Attr-<name>` headers, lowercased by HTTP.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";

/** A String message attribute, the only type this project writes besides one Number. */
export function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: "String", StringValue: value };
}

/**
 * The producer's idempotency key: the app remembers a completed job by it instead of by the
 * message id, so two messages for one business event run once.
 */
export const IDEMPOTENCY_KEY_ATTRIBUTE = "idempotency-key";

/** Why a message was parked in the dead-letter queue: set by the app, read by `dlq` commands. */
export const PARKED_ATTRIBUTE = {
  reason: "worker.reason",
  detail: "worker.detail",
  jobType: "worker.job-type",
  originalMessageId: "worker.original-message-id",
  receiveCount: "worker.receive-count",
  queue: "worker.original-queue",
  parkedAt: "worker.parked-at",
} as const;

/** Every parked attribute starts with this; `dlq redrive` strips them. */
export const PARKED_ATTRIBUTE_PREFIX = "worker.";
