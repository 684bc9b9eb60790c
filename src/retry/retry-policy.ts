/**
 * A job type's retry policy (docs/retries.md): how many times its handler may run, how long to
 * wait between runs, and which errors no retry can fix. A job type with a policy is retried
 * through delayed copies of its message (retry-scheduler.ts) instead of sqsd's one fixed
 * ErrorVisibilityTimeout.
 */
import { ProblemsError } from "../errors.js";

export interface RetryPolicy {
  /** How many times the handler may run in all, the first run included: 1 to 100. */
  attempts: number;
  /** The wait before the second run, in seconds; each later wait is `factor` times longer. @default 10 */
  initialDelaySeconds?: number;
  /** How much longer each wait is than the one before. @default 2 */
  factor?: number;
  /**
   * The longest wait between two runs, in seconds. Above SQS's 900 s delay limit the wait goes
   * through several copies of the message. @default 900
   */
  maxDelaySeconds?: number;
  /**
   * The fraction (0 to 1) by which each wait is shortened at random, so messages that failed
   * together do not all come back together. Waits keep growing while factor × (1 − jitter) > 1.
   * @default 0.2
   */
  jitter?: number;
  /**
   * Errors no retry can fix, besides PermanentJobError (always permanent): the message is parked
   * at once. @default none
   */
  isPermanent?: (error: Error) => boolean;
}

/** A policy with its defaults filled in. */
export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const RETRY_POLICY_DEFAULTS = {
  initialDelaySeconds: 10,
  factor: 2,
  maxDelaySeconds: 900,
  jitter: 0.2,
  isPermanent: () => false,
} as const satisfies Omit<ResolvedRetryPolicy, "attempts">;

/** A wait above this is not honoured in full (SQS keeps a message 4 days by default). */
export const MAX_WAIT_SECONDS = 12 * 60 * 60;

export class RetryPolicyError extends ProblemsError {
  override name = "RetryPolicyError";
}

/** Every rule the policy breaks, as "Expected X, got Y" sentences. */
export function retryPolicyProblems(policy: RetryPolicy): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, field: string, rule: string, value: unknown) => {
    if (!ok) problems.push(`Expected ${field} to be ${rule}, got ${String(value)}`);
  };
  const { attempts, initialDelaySeconds, factor, maxDelaySeconds, jitter } = policy;
  check(isWhole(attempts, 1, 100), "attempts", "a whole number from 1 to 100", attempts);
  if (initialDelaySeconds !== undefined) {
    check(
      isNumberIn(initialDelaySeconds, 0, MAX_WAIT_SECONDS),
      "initialDelaySeconds",
      `a number of seconds from 0 to ${MAX_WAIT_SECONDS}`,
      initialDelaySeconds,
    );
  }
  if (factor !== undefined) check(isNumberIn(factor, 1, 100), "factor", "from 1 to 100", factor);
  if (maxDelaySeconds !== undefined) {
    check(
      isNumberIn(maxDelaySeconds, 0, MAX_WAIT_SECONDS),
      "maxDelaySeconds",
      `a number of seconds from 0 to ${MAX_WAIT_SECONDS}`,
      maxDelaySeconds,
    );
  }
  if (jitter !== undefined) check(isNumberIn(jitter, 0, 1), "jitter", "from 0 to 1", jitter);
  return problems;
}

/** The policy with its defaults, or a RetryPolicyError naming every broken rule. */
export function resolveRetryPolicy(jobType: string, policy: RetryPolicy): ResolvedRetryPolicy {
  const problems = retryPolicyProblems(policy);
  if (problems.length > 0) throw new RetryPolicyError(`retry policy of "${jobType}"`, problems);
  return { ...RETRY_POLICY_DEFAULTS, ...definedOnly(policy) } as ResolvedRetryPolicy;
}

/**
 * The wait, in whole seconds, after run number `attempt` failed: exponential, capped, shortened
 * by up to `jitter` at random. `random` returns a number in [0, 1), like Math.random.
 */
export function backoffSeconds(
  policy: ResolvedRetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const grown = policy.initialDelaySeconds * policy.factor ** Math.max(0, attempt - 1);
  const capped = Math.min(grown, policy.maxDelaySeconds);
  return Math.ceil(capped * (1 - policy.jitter * random()));
}

function isWhole(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function isNumberIn(value: number, min: number, max: number): boolean {
  return Number.isFinite(value) && value >= min && value <= max;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}

const resolved = new WeakMap<RetryPolicy, ResolvedRetryPolicy>();

/** A job type's resolved policy, computed once per policy object (jobWork asks on every delivery). */
export function jobRetryPolicy(job: {
  name: string;
  retry?: RetryPolicy | undefined;
}): ResolvedRetryPolicy | undefined {
  if (!job.retry) return undefined;
  let policy = resolved.get(job.retry);
  if (!policy) {
    policy = resolveRetryPolicy(job.name, job.retry);
    resolved.set(job.retry, policy);
  }
  return policy;
}
