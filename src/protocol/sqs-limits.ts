/** SQS's limits that the producer checks before calling SQS, so a mistake names the rule. */
import { SQS_MAX_MESSAGE_BYTES } from "../config.js";

export { SQS_MAX_MESSAGE_BYTES };

/** The longest per-message delay SQS allows: 15 minutes. */
export const SQS_MAX_DELAY_SECONDS = 900;

/** Entries per SendMessageBatch request. */
export const SQS_MAX_BATCH_ENTRIES = 10;

/** The sum of all message sizes in one SendMessageBatch request, whatever the queue's own limit. */
export const SQS_MAX_BATCH_BYTES = SQS_MAX_MESSAGE_BYTES;

/** Message attributes per message. */
export const SQS_MAX_ATTRIBUTES = 10;

/** FIFO MessageGroupId and MessageDeduplicationId: 1–128 printable ASCII characters, no spaces. */
export const SQS_ID_PATTERN = /^[\x21-\x7E]{1,128}$/;
