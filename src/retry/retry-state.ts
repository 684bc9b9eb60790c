/**
 * What a delayed copy carries about the retries before it, in one message attribute
 * (`worker.retry`, see src/protocol/message-attributes.ts): the attempt number, the original
 * message's id, the runs that failed, and the time a long wait ends.
 *
 * One attribute because SQS allows 10 per message and the job's own must travel too. Its value
 * is JSON in printable ASCII, bounded in size: sqsd forwards it as an HTTP header
 * (`X-Aws-Sqsd-Attr-worker.retry`, where nginx allows 8 KiB a line), and a signature must be able
 * to cover it (src/protocol/signature.ts).
 */
import type { SqsdDelivery } from "../protocol/headers.js";
import { RETRY_ATTRIBUTE } from "../protocol/message-attributes.js";

/** One failed run. */
export interface FailedAttempt {
  attempt: number;
  /** ISO 8601. */
  failedAt: string;
  /** The error's name and message, shortened. */
  error: string;
  /** The wait chosen before the next run, in seconds; absent on the last. */
  delaySeconds?: number;
}

export interface RetryState {
  /** The attempt number of this copy's first delivery (2 for the first copy). */
  attempt: number;
  /** The id of the message the producer sent: what "already completed" is remembered by. */
  originalMessageId: string;
  /** Epoch milliseconds before which the job must not run: a wait longer than SQS's 900 s. */
  notBefore?: number;
  /** The latest failed runs, oldest first. */
  history: FailedAttempt[];
}

/** The history keeps this many failed runs, the latest, and each error this many characters. */
export const MAX_HISTORY = 10;
export const MAX_ERROR_LENGTH = 200;

/** The delivery's retry state, or undefined for a message that is not a delayed copy. */
export function readRetryState(delivery: SqsdDelivery): RetryState | undefined {
  const raw = delivery.attributes[RETRY_ATTRIBUTE];
  if (raw === undefined) return undefined;
  try {
    const parsed = JSON.parse(raw) as Partial<RetryState>;
    if (!Number.isInteger(parsed.attempt) || typeof parsed.originalMessageId !== "string") {
      return undefined;
    }
    return {
      attempt: parsed.attempt as number,
      originalMessageId: parsed.originalMessageId,
      ...(typeof parsed.notBefore === "number" ? { notBefore: parsed.notBefore } : {}),
      history: Array.isArray(parsed.history) ? parsed.history : [],
    };
  } catch {
    // A copy whose attribute was mangled runs as a first attempt rather than never.
    return undefined;
  }
}

/**
 * The run number of this delivery, counted across copies: the copy's first run plus sqsd's own
 * redeliveries of it (a 500, a timeout). Without a copy it is sqsd's receive count.
 */
export function attemptOf(delivery: SqsdDelivery, state: RetryState | undefined): number {
  return (state?.attempt ?? 1) + delivery.receiveCount - 1;
}

/** The attribute's value: JSON with every character outside printable ASCII escaped. */
export function formatRetryState(state: RetryState): string {
  const bounded: RetryState = {
    ...state,
    history: state.history.slice(-MAX_HISTORY).map((entry) => ({
      ...entry,
      error: entry.error.slice(0, MAX_ERROR_LENGTH),
    })),
  };
  return JSON.stringify(bounded).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `Name: message`, as a history entry shows an error. */
export function describeError(error: Error): string {
  return `${error.name}: ${error.message}`;
}
