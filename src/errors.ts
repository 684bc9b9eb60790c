/**
 * The project's error shapes. A handler may throw PermanentJobError on purpose; anything else it
 * throws is a retryable failure: sqsd gets a 500 and redelivers the message after
 * `ErrorVisibilityTimeout`. The other classes here are the bases every module's errors share.
 */

/**
 * An error whose message alone tells the reader what to fix (a bad setting, a bad file, a
 * refused enqueue): the server and the CLI print its message without a stack trace. Anything
 * else is a bug and is printed with its stack.
 */
export class ExplainedError extends Error {
  override name = "ExplainedError";
}

/**
 * Every problem with one subject found in one pass, listed one per line:
 * `Invalid <subject>:\n  - <problem>\n  - <problem>`.
 */
export class ProblemsError extends ExplainedError {
  override name = "ProblemsError";
  constructor(
    subject: string,
    readonly problems: string[],
  ) {
    super(`Invalid ${subject}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
  }
}

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
