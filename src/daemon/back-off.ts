/**
 * How the daemon waits before trying an SQS call again: exponential back-off with jitter (so many
 * daemons that failed together do not retry together), longer when SQS throttles, and no retry
 * at all for an answer that another attempt cannot change.
 */
import type { Clock } from "./clock.js";

const FIRST_MS = 100;
/** Throttling means "slow down": start well above a plain error's first wait. */
const THROTTLED_FIRST_MS = 1000;
const MAX_MS = 10_000;

interface SqsErrorShape {
  name?: string;
  $fault?: string;
  $retryable?: { throttling?: boolean };
}

const THROTTLING_NAMES = new Set([
  "RequestThrottled",
  "ThrottlingException",
  "Throttling",
  "KmsThrottled",
  "OverLimit",
]);

export function isThrottling(error: unknown): boolean {
  const shape = error as SqsErrorShape | undefined;
  return THROTTLING_NAMES.has(shape?.name ?? "") || shape?.$retryable?.throttling === true;
}

/**
 * A client fault other than throttling (an invalid or expired receipt handle, a missing queue, a
 * refused parameter): SQS will answer the same again. Network errors and server faults are worth
 * another try.
 */
export function isPermanent(error: unknown): boolean {
  const shape = error as SqsErrorShape | undefined;
  return shape?.$fault === "client" && !isThrottling(error);
}

/**
 * The wait before retry number `attempt` (0 for the first retry): half of the exponential step
 * fixed, the other half random ("equal jitter"), capped at 10 s.
 */
export function backOffMs(attempt: number, throttled: boolean, random: () => number): number {
  const step = Math.min(MAX_MS, (throttled ? THROTTLED_FIRST_MS : FIRST_MS) * 2 ** attempt);
  return Math.round(step / 2 + random() * (step / 2));
}

export interface RetryOptions {
  /** No attempt starts after this time (ms since the epoch, on `clock`). */
  deadlineMs: number;
  clock: Clock;
  /** Ends the waiting early: no further attempt is made. */
  signal?: AbortSignal | undefined;
  random?: () => number;
}

/** Why a retried call ended without success: its last error, and whether time ran out. */
export class RetriesExhaustedError extends Error {
  override name = "RetriesExhaustedError";
}

/** Calls `call` until it succeeds, a permanent error, the deadline, or the signal. */
export async function retrySqsCall<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (isPermanent(error)) throw error;
      const waitMs = backOffMs(attempt, isThrottling(error), random);
      const stopped = options.signal?.aborted === true;
      if (stopped || options.clock.Date.now() + waitMs >= options.deadlineMs) {
        const reason = stopped ? "the daemon stopped" : "the message's visibility ran out";
        const last = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        throw new RetriesExhaustedError(
          `Gave up after ${attempt + 1} attempt(s) because ${reason}; last error ${last}`,
          { cause: error },
        );
      }
      await pause(waitMs, options);
    }
  }
}

function pause(ms: number, options: RetryOptions): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      options.clock.clearTimeout(timer as never);
      options.signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = options.clock.setTimeout(done, ms);
    options.signal?.addEventListener("abort", done, { once: true });
  });
}
