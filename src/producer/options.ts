/**
 * The rules for `EnqueueOptions`, checked before SQS is called so each mistake names the rule it
 * broke. One function per option; `checkOptions` turns valid options into SQS's fields.
 */
import { createHash } from "node:crypto";
import { isFifoQueueUrl, queueNameOf } from "../protocol/queue-url.js";
import { RESERVED_ATTRIBUTE_PREFIX } from "../protocol/scheduled-job.js";
import { EnqueueError } from "./errors.js";
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "../protocol/message-attributes.js";
import { SIGNATURE_ATTRIBUTE } from "../protocol/signature.js";
import {
  SQS_ID_PATTERN,
  SQS_MAX_ATTRIBUTES,
  SQS_MAX_DELAY_SECONDS,
} from "../protocol/sqs-limits.js";

export interface EnqueueOptions {
  /** Seconds before the job becomes visible, a whole number from 0 to 900. Standard queues only. @default the queue's DelaySeconds */
  delaySeconds?: number;
  /**
   * The MessageGroupId. Required on a FIFO queue (jobs of one group run in order). On a standard
   * queue it is allowed and turns on SQS fair queues (the group is the tenant).
   */
  groupId?: string;
  /** FIFO queues only: SQS drops a second message with the same id within 5 minutes. */
  deduplicationId?: string;
  /**
   * A key naming this job uniquely (e.g. `daily-digest/2026-11-27/ann@example.com`), for callers
   * that do not know the queue's kind. On a FIFO queue it becomes the deduplication id (hashed to
   * fit SQS's 128 characters); on every queue it travels as the `idempotency-key` attribute, which
   * sqsd forwards as the `X-Aws-Sqsd-Attr-idempotency-key` header.
   */
  idempotencyKey?: string;
  /** String message attributes; sqsd forwards each as an `X-Aws-Sqsd-Attr-<name>` header. */
  attributes?: Readonly<Record<string, string>>;
}

/** What the producer knows about its queue: only its URL, so the kind comes from the name. */
export interface QueueKind {
  name: string;
  fifo: boolean;
}

/** SQS's fields for one message, after the options passed every rule. */
export interface MessageFields {
  DelaySeconds?: number;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  attributes: Record<string, string>;
}

/** The queue's name and kind, as src/protocol/queue-url.ts reads them from its URL. */
export function queueKind(queueUrl: string): QueueKind {
  return { name: queueNameOf(queueUrl), fifo: isFifoQueueUrl(queueUrl) };
}

/** `signed`: the producer adds `worker-signature`, which takes one of SQS's 10 attribute slots. */
export function checkOptions(
  options: EnqueueOptions,
  queue: QueueKind,
  signed = false,
): MessageFields {
  const fields: MessageFields = { attributes: checkAttributes(options.attributes ?? {}, signed) };
  if (options.delaySeconds !== undefined) {
    fields.DelaySeconds = checkDelaySeconds(options.delaySeconds, queue);
  }
  if (options.groupId !== undefined) fields.MessageGroupId = checkId("groupId", options.groupId);
  else if (queue.fifo) {
    throw new EnqueueError(
      `Expected a groupId for FIFO queue "${queue.name}" (SQS requires a MessageGroupId there), got none`,
    );
  }
  const deduplicationId = checkDeduplication(options, queue);
  if (deduplicationId !== undefined) fields.MessageDeduplicationId = deduplicationId;
  if (options.idempotencyKey !== undefined) {
    fields.attributes[IDEMPOTENCY_KEY_ATTRIBUTE] = options.idempotencyKey;
  }
  return fields;
}

function checkDelaySeconds(delaySeconds: number, queue: QueueKind): number {
  if (!Number.isInteger(delaySeconds) || delaySeconds < 0 || delaySeconds > SQS_MAX_DELAY_SECONDS) {
    throw new EnqueueError(
      `Expected delaySeconds to be a whole number from 0 to ${SQS_MAX_DELAY_SECONDS} (SQS's limit is ${SQS_MAX_DELAY_SECONDS} s), got ${delaySeconds}`,
    );
  }
  if (queue.fifo && delaySeconds !== 0) {
    throw new EnqueueError(
      `Expected no delaySeconds on FIFO queue "${queue.name}" (SQS allows only a queue-level delay there), got ${delaySeconds}`,
    );
  }
  return delaySeconds;
}

function checkDeduplication(options: EnqueueOptions, queue: QueueKind): string | undefined {
  const { deduplicationId, idempotencyKey } = options;
  if (idempotencyKey === "") {
    throw new EnqueueError(`Expected idempotencyKey to be a non-empty string, got ""`);
  }
  if (deduplicationId === undefined) {
    return queue.fifo && idempotencyKey !== undefined ? sha256(idempotencyKey) : undefined;
  }
  if (!queue.fifo) {
    throw new EnqueueError(
      `Expected no deduplicationId on standard queue "${queue.name}" (SQS deduplicates only on FIFO queues; use idempotencyKey), got "${deduplicationId}"`,
    );
  }
  if (idempotencyKey !== undefined) {
    throw new EnqueueError(
      `Expected either deduplicationId or idempotencyKey (the key becomes the deduplication id), got both`,
    );
  }
  return checkId("deduplicationId", deduplicationId);
}

function checkId(option: string, value: string): string {
  if (!SQS_ID_PATTERN.test(value)) {
    throw new EnqueueError(
      `Expected ${option} to be 1 to 128 printable ASCII characters without spaces (SQS's rule), got "${value}"`,
    );
  }
  return value;
}

/** SQS's attribute-name rule, plus the names sqsd or this producer reserve. */
const ATTRIBUTE_NAME = /^(?!\.)(?!.*\.\.)(?!.*\.$)[A-Za-z0-9_.-]{1,256}$/;
const RESERVED_ATTRIBUTE = /^(aws\.|amazon\.)/i;

function checkAttributes(
  attributes: Readonly<Record<string, string>>,
  signed: boolean,
): Record<string, string> {
  const names = Object.keys(attributes);
  // Slots are kept for idempotency-key and the signature, so neither pushes a message over SQS's limit.
  const kept = signed
    ? `two are kept for ${IDEMPOTENCY_KEY_ATTRIBUTE} and ${SIGNATURE_ATTRIBUTE}`
    : `one is kept for ${IDEMPOTENCY_KEY_ATTRIBUTE}`;
  const allowed = SQS_MAX_ATTRIBUTES - (signed ? 2 : 1);
  if (names.length > allowed) {
    throw new EnqueueError(
      `Expected at most ${allowed} attributes (SQS allows ${SQS_MAX_ATTRIBUTES}, ${kept}), got ${names.length}`,
    );
  }
  for (const name of names) {
    const reserved =
      RESERVED_ATTRIBUTE.test(name) ||
      name.startsWith(RESERVED_ATTRIBUTE_PREFIX) ||
      name === IDEMPOTENCY_KEY_ATTRIBUTE ||
      name.toLowerCase() === SIGNATURE_ATTRIBUTE;
    if (!ATTRIBUTE_NAME.test(name) || reserved) {
      throw new EnqueueError(
        `Expected an attribute name of letters, digits, "-", "_" and single inner "." not starting with "AWS.", "Amazon.", "${RESERVED_ATTRIBUTE_PREFIX}" nor being "${IDEMPOTENCY_KEY_ATTRIBUTE}" or "${SIGNATURE_ATTRIBUTE}", got "${name}"`,
      );
    }
    if (attributes[name] === "") {
      throw new EnqueueError(`Expected attribute "${name}" to have a non-empty value, got ""`);
    }
  }
  return { ...attributes };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
