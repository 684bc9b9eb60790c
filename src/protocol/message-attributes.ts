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

/**
 * Why a message was parked in the dead-letter queue: set by the app, read by `dlq` commands. All
 * the details travel as JSON in this one attribute, because SQS allows 10 attributes per message
 * and the message's own attributes must travel with it.
 */
export const PARKED_ATTRIBUTE = "worker.parked";

/**
 * On a delayed copy of a job with a retry policy: the attempt number, the original message id and
 * the failed runs, as JSON (src/retry/retry-state.ts). A parked copy keeps it as the attempt
 * history; `dlq redrive` strips it like every `worker.*` attribute, so a redriven job starts over.
 */
export const RETRY_ATTRIBUTE = "worker.retry";

/** What `worker.parked` holds. */
export interface ParkingDetails {
  reason: string;
  detail: string;
  /** The job type or task name, when known (an unknown job type has none). */
  jobType?: string | undefined;
  originalMessageId: string;
  receiveCount: number;
  originalQueue: string;
  /** ISO 8601. */
  parkedAt: string;
}

export function parkedAttribute(details: ParkingDetails): MessageAttributeValue {
  return stringAttribute(JSON.stringify(details));
}

/**
 * The parking details of a dead-lettered message, as far as it has them: from `worker.parked`, or
 * from the separate `worker.*` attributes that earlier versions wrote (such copies may still sit
 * in a dead-letter queue). Empty for a message SQS moved itself after MaxRetries.
 */
export function readParkingDetails(
  attributes: Readonly<Record<string, MessageAttributeValue>> | undefined,
): Partial<Record<keyof ParkingDetails, string>> {
  const text = (name: string) => attributes?.[name]?.StringValue;
  const json = text(PARKED_ATTRIBUTE);
  if (json !== undefined) {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed)
          .filter(([, value]) => typeof value === "string" || typeof value === "number")
          .map(([name, value]) => [name, String(value)]),
      );
    } catch {
      return { detail: json };
    }
  }
  const legacy: Partial<Record<keyof ParkingDetails, string>> = {};
  for (const [key, name] of Object.entries(LEGACY_PARKED_ATTRIBUTE)) {
    const value = text(name);
    if (value !== undefined) legacy[key as keyof ParkingDetails] = value;
  }
  return legacy;
}

/** The separate attributes earlier versions parked with: read, never written. */
const LEGACY_PARKED_ATTRIBUTE: Record<keyof ParkingDetails, string> = {
  reason: "worker.reason",
  detail: "worker.detail",
  jobType: "worker.job-type",
  originalMessageId: "worker.original-message-id",
  receiveCount: "worker.receive-count",
  originalQueue: "worker.original-queue",
  parkedAt: "worker.parked-at",
};

/** Every parked attribute starts with this; `dlq redrive` strips them. */
export const PARKED_ATTRIBUTE_PREFIX = "worker.";
