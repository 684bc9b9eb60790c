/**
 * What becomes of a failed run of a job type with a retry policy: parked at once (a permanent
 * error), parked with its attempt history (the last attempt failed), or sent again as a delayed
 * copy (200 once SQS accepted it). When no copy can be sent the failure falls back to sqsd's
 * ordinary retry after ErrorVisibilityTimeout, and the outcome says why.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import { PermanentJobError } from "../errors.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import { RETRY_ATTRIBUTE, stringAttribute } from "../protocol/message-attributes.js";
import { SQS_MAX_DELAY_SECONDS } from "../protocol/sqs-limits.js";
import { outcome, type Outcome } from "../delivery/outcomes.js";
import { backoffSeconds, MAX_WAIT_SECONDS, type ResolvedRetryPolicy } from "./retry-policy.js";
import { RetryLaterError } from "./retry-later-error.js";
import { RetryCopyLimitError, type RetryScheduler } from "./retry-scheduler.js";
import {
  describeError,
  formatRetryState,
  type FailedAttempt,
  type RetryState,
} from "./retry-state.js";

/** A job's policy and where this delivery stands in it. */
export interface JobRetry {
  policy: ResolvedRetryPolicy;
  /** What the delivery carries, when it is a delayed copy. */
  state: RetryState | undefined;
  /** This run's number, counted across copies (retry-state.ts attemptOf). */
  attempt: number;
}

export interface RetryContext {
  delivery: SqsdDelivery;
  body: string;
  scheduler: RetryScheduler;
  signal: AbortSignal;
}

export type RetrySettlement =
  | { kind: "answer"; outcome: Outcome }
  /** Park `failure`, the parked copy carrying `retryAttribute` as its attempt history. */
  | { kind: "park"; failure: Outcome; retryAttribute: string };

export async function settleFailedAttempt(
  error: Error,
  retry: JobRetry,
  context: RetryContext,
): Promise<RetrySettlement> {
  const { policy, attempt } = retry;
  const { scheduler } = context;
  const now = scheduler.available ? scheduler.now() : Date.now();
  const earlier = retry.state?.history ?? [];
  const failed: FailedAttempt = {
    attempt,
    failedAt: new Date(now).toISOString(),
    error: describeError(error),
  };
  const history = [...earlier, failed];
  const originalMessageId = retry.state?.originalMessageId ?? context.delivery.messageId;
  const finalState: RetryState = { attempt, originalMessageId, history };
  if (error instanceof PermanentJobError || policy.isPermanent(error)) {
    return park(outcome("permanent-failure", error.message), finalState);
  }
  if (attempt >= policy.attempts) {
    const message = `Failed attempt ${attempt} of ${policy.attempts}, the retry policy's last: ${describeError(error)}`;
    return park(outcome("retries-exhausted", message), finalState);
  }
  if (!scheduler.available) return ordinaryRetry(error, scheduler.why);
  // An API's Retry-After knows better than a backoff: it replaces it for this wait.
  const waitSeconds = Math.min(
    error instanceof RetryLaterError
      ? Math.ceil(error.seconds)
      : backoffSeconds(policy, attempt, scheduler.random),
    MAX_WAIT_SECONDS,
  );
  const next: RetryState = {
    attempt: attempt + 1,
    originalMessageId,
    ...(waitSeconds > SQS_MAX_DELAY_SECONDS ? { notBefore: now + waitSeconds * 1000 } : {}),
    history: [...earlier, { ...failed, delaySeconds: waitSeconds }],
  };
  const sent = await sendCopy(context, next, waitSeconds);
  if (sent?.kind === "limit") return ordinaryRetry(error, sent.why);
  if (sent) return { kind: "answer", outcome: { ...sent.outcome, error } };
  return {
    kind: "answer",
    outcome: {
      ...outcome(
        "retry-scheduled",
        `Attempt ${attempt} of ${policy.attempts} failed (${describeError(error)}); attempt ${attempt + 1} in ${waitSeconds} s, through a delayed copy`,
      ),
      error,
    },
  };
}

/**
 * A delayed copy that arrived before its wait is over (a wait longer than SQS's 900 s goes
 * through several copies): sent on for the rest of the wait without running the handler.
 * Undefined when the job may run now.
 */
export async function continueWaiting(
  retry: JobRetry,
  context: RetryContext,
): Promise<Outcome | undefined> {
  const { state } = retry;
  const { scheduler } = context;
  if (state?.notBefore === undefined || !scheduler.available) return undefined;
  const remainingSeconds = Math.ceil((state.notBefore - scheduler.now()) / 1000);
  // SQS delays by whole seconds: within one second of the end, run now.
  if (remainingSeconds <= 1) return undefined;
  const sent = await sendCopy(context, state, remainingSeconds);
  if (sent?.kind === "answer") return sent.outcome;
  if (sent?.kind === "limit") return undefined;
  return outcome(
    "retry-scheduled",
    `Attempt ${state.attempt} waits ${remainingSeconds} s more (a wait longer than SQS's ${SQS_MAX_DELAY_SECONDS} s delay, through another delayed copy)`,
  );
}

/** The parked copy's attributes: the message's own, with the retry state carrying the history. */
export function withAttemptHistory(
  attributes: Record<string, MessageAttributeValue>,
  retryAttribute: string,
): Record<string, MessageAttributeValue> {
  return { ...attributes, [RETRY_ATTRIBUTE]: stringAttribute(retryAttribute) };
}

function park(failure: Outcome, state: RetryState): RetrySettlement {
  return { kind: "park", failure, retryAttribute: formatRetryState(state) };
}

function ordinaryRetry(error: Error, why: string): RetrySettlement {
  return {
    kind: "answer",
    outcome: {
      ...outcome(
        "handler-failed",
        `${describeError(error)}. Retry policy not applied: ${why}; sqsd retries after ErrorVisibilityTimeout`,
      ),
      error,
    },
  };
}

/** Undefined once SQS accepted the copy; else what to answer, or a copy that cannot fit. */
async function sendCopy(
  context: RetryContext,
  state: RetryState,
  waitSeconds: number,
): Promise<{ kind: "answer"; outcome: Outcome } | { kind: "limit"; why: string } | undefined> {
  const { scheduler } = context;
  if (!scheduler.available) return { kind: "limit", why: scheduler.why };
  try {
    await scheduler.send(
      {
        body: context.body,
        attributes: context.delivery.attributes,
        state,
        delaySeconds: Math.min(waitSeconds, SQS_MAX_DELAY_SECONDS),
      },
      context.signal,
    );
    return undefined;
  } catch (thrown) {
    if (thrown instanceof RetryCopyLimitError) return { kind: "limit", why: thrown.message };
    const message = thrown instanceof Error ? describeError(thrown) : String(thrown);
    return {
      kind: "answer",
      outcome: outcome(
        "retry-send-failed",
        `Could not send the delayed copy for attempt ${state.attempt} (${message}); sqsd retries after ErrorVisibilityTimeout`,
      ),
    };
  }
}
