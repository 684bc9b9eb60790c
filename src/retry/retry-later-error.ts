/**
 * Thrown by `context.retryAfter(seconds)`: a retryable failure whose next run should come after
 * `seconds` (an API's Retry-After, a circuit breaker's remaining open time). With a retry policy
 * the delayed copy waits that long instead of the backoff; without one it is an ordinary failure.
 */
export class RetryLaterError extends Error {
  override name = "RetryLaterError";
  constructor(
    readonly seconds: number,
    message = `Asked to retry after ${seconds} s`,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The rule `retryAfter` checks, stated once. */
export function retryAfterProblem(seconds: number): string | undefined {
  return Number.isFinite(seconds) && seconds >= 0
    ? undefined
    : `Expected retryAfter seconds to be a finite number of at least 0, got ${seconds}`;
}

/** `context.retryAfter`: throws, so a handler writes `return context.retryAfter(5)` or just calls it. */
export function retryAfter(seconds: number, reason?: string): never {
  const problem = retryAfterProblem(seconds);
  if (problem !== undefined) throw new TypeError(problem);
  throw new RetryLaterError(
    seconds,
    reason === undefined ? undefined : `${reason} (retry after ${seconds} s)`,
  );
}
