/**
 * The one place that decides the HTTP status of every outcome.
 *
 * sqsd deletes a message only on exactly 200; any other status leaves it for a retry after
 * `ErrorVisibilityTimeout`, and after `MaxRetries` receives SQS moves it to the dead-letter
 * queue. So 200 means "done with this message" (completed, already done, or parked in the DLQ),
 * and everything else means "give it to me again".
 */

/** Why a request ended the way it did; each reason has exactly one status below. */
export type Reason =
  // 200: sqsd deletes the message.
  | "completed"
  | "already-completed"
  | "parked"
  // 200 without running: a periodic task's guards (src/schedules/task-guards.ts).
  | "skipped-not-local-time"
  | "skipped-stale"
  | "skipped-still-running"
  | "ignored"
  | "retry-scheduled"
  // 4xx: permanent problems; sqsd retries, and SQS's redrive moves the message after MaxRetries.
  | "invalid-json"
  | "invalid-envelope"
  | "unknown-job-type"
  | "invalid-payload"
  | "permanent-failure"
  | "retries-exhausted"
  | "unknown-task"
  | "empty-body"
  | "invalid-sqsd-headers"
  | "unreadable-body"
  | "body-too-large"
  | "forbidden-peer"
  | "forbidden-forwarded-for"
  | "forbidden-user-agent"
  | "signature-missing"
  | "signature-invalid"
  | "signature-stale"
  | "not-found"
  | "already-running"
  | "duplicate-in-progress"
  | "idempotency-key-reused"
  // 5xx: retry.
  | "handler-failed"
  | "timed-out"
  | "dead-letter-send-failed"
  | "retry-send-failed"
  | "internal-error"
  | "draining"
  | "over-capacity"
  | "job-type-busy"
  | "shutdown"
  | "idempotency-store-unavailable";

export const STATUS_BY_REASON: Readonly<Record<Reason, number>> = {
  completed: 200,
  "already-completed": 200,
  parked: 200,
  // Deleted on purpose: this delivery is not a run (another delivery of the same local minute
  // is), is too late to be useful, or would run beside the previous run.
  "skipped-not-local-time": 200,
  "skipped-stale": 200,
  "skipped-still-running": 200,
  // A message that asks for nothing to run (S3's s3:TestEvent): acknowledged so it is deleted.
  ignored: 200,
  // A job type with a retry policy (docs/retries.md): SQS accepted the delayed copy, which is
  // the retry; this delivery is done.
  "retry-scheduled": 200,
  "invalid-json": 400,
  "invalid-envelope": 400,
  "invalid-sqsd-headers": 400,
  "empty-body": 400,
  "unreadable-body": 400,
  "unknown-job-type": 422,
  "invalid-payload": 422,
  "permanent-failure": 422,
  // The retry policy's last attempt failed and there is no dead-letter queue to park it in.
  "retries-exhausted": 422,
  "unknown-task": 422,
  // The same idempotency key with another payload (docs/idempotency.md): the producer's mistake.
  "idempotency-key-reused": 422,
  "body-too-large": 413,
  "forbidden-peer": 403,
  "forbidden-forwarded-for": 403,
  "forbidden-user-agent": 403,
  // Signed messages (docs/signing.md): not from a producer holding a key; a retry cannot fix it.
  "signature-missing": 403,
  "signature-invalid": 403,
  "signature-stale": 403,
  "not-found": 404,
  // Not 200: the first delivery is still running and may yet fail.
  "already-running": 409,
  // The same record claimed by a delivery on this or another instance (docs/idempotency.md).
  "duplicate-in-progress": 409,
  "handler-failed": 500,
  "timed-out": 500,
  "dead-letter-send-failed": 500,
  // SQS refused the delayed copy: sqsd's ordinary retry instead, so the message is never lost.
  "retry-send-failed": 500,
  "internal-error": 500,
  // 503: sqsd retries after ErrorVisibilityTimeout, possibly on another instance.
  draining: 503,
  "over-capacity": 503,
  // A job type at its own concurrency limit (JobDefinition.concurrency): answered at once, not
  // held, so sqsd's connection serves other types. Each refusal is one receive toward MaxRetries.
  "job-type-busy": 503,
  shutdown: 503,
  // Never run without its guard: sqsd retries once the store answers again.
  "idempotency-store-unavailable": 503,
};

export interface Outcome {
  reason: Reason;
  /** A human sentence saying what happened or which rule was broken. Never a stack trace. */
  message: string;
  /** For `parked`: the reason the message was parked. */
  parkedFor?: Reason;
  /** For `handler-failed`: what the handler threw, for the log line (never sent to sqsd). */
  error?: Error;
  /** Facts for the log line only (a stale run's lateness), never sent to sqsd. */
  details?: Readonly<Record<string, number | string>>;
}

/** The small JSON body of every response. */
export interface OutcomeBody {
  outcome: "ok" | "retry" | "rejected";
  reason: Reason;
  message: string;
  parkedFor?: Reason;
}

export function statusOf(outcome: Outcome): number {
  return STATUS_BY_REASON[outcome.reason];
}

export function bodyOf(outcome: Outcome): OutcomeBody {
  const status = statusOf(outcome);
  const kind = status === 200 ? "ok" : status >= 500 || status === 409 ? "retry" : "rejected";
  return {
    outcome: kind,
    reason: outcome.reason,
    message: outcome.message,
    ...(outcome.parkedFor ? { parkedFor: outcome.parkedFor } : {}),
  };
}

export function outcome(reason: Reason, message: string): Outcome {
  return { reason, message };
}
