/**
 * The errors a handler may throw on purpose. Anything else a handler throws is a retryable
 * failure: sqsd gets a 500 and redelivers the message after `ErrorVisibilityTimeout`.
 */

/**
 * Throw this when retrying cannot help (the order no longer exists, the address is banned).
 * The message is parked in the dead-letter queue at once instead of being retried `MaxRetries`
 * times. Like p-retry's `AbortError`: it means "do not retry".
 */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** The reason a job's AbortSignal fired when its time limit ran out. */
export class JobTimeoutError extends Error {
  override name = "JobTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`Job exceeded its timeout of ${timeoutMs} ms`);
  }
}

/** The reason a job's AbortSignal fired when the shutdown deadline ran out. */
export class ShutdownError extends Error {
  override name = "ShutdownError";
  constructor() {
    super("The worker is shutting down and the drain deadline has passed");
  }
}

/** Turns anything thrown into an Error, once, at the boundary. */
export function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
