/**
 * The life of one delivery, the same for jobs and periodic tasks: skip it if this instance
 * already completed it, take a slot, run the handler under its limits, and turn what happened
 * into an Outcome. Permanent failures are settled here too: parked in the dead-letter queue when
 * one is configured (200 only once SQS accepted it), rejected with a 4xx otherwise.
 */
import type { CompletedStore } from "./completed-store.js";
import { ParkingLimitError, type DeadLetterQueue } from "./dead-letter.js";
import type { KeptVerdicts } from "./kept-verdicts.js";
import { PermanentJobError, toError } from "../errors.js";
import type { JobTracker, Refusal } from "./job-tracker.js";
import { outcome, type Outcome } from "./outcomes.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import { runWithLimits } from "./run-with-limits.js";
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { RetryScheduler } from "../retry/retry-scheduler.js";
import {
  continueWaiting,
  settleFailedAttempt,
  withAttemptHistory,
  type JobRetry,
} from "../retry/settle-retry.js";

/** A hung SQS call must not hold a slot and sqsd's connection until InactivityTimeout. */
const PARK_TIMEOUT_MS = 10_000;

export interface DeliveryDeps {
  tracker: JobTracker;
  completed: CompletedStore;
  deadLetter: DeadLetterQueue | undefined;
  /**
   * Permanent failures that could not be parked, and deliveries whose delayed copy SQS accepted:
   * answered again without running the handler.
   */
  verdicts: KeptVerdicts;
  /** Sends the delayed copies of job types with a retry policy. @default none: sqsd's retry */
  retries?: RetryScheduler | undefined;
}

/**
 * A handler ready to run, or the permanent reason it cannot; with the job type or task name once
 * known (an unknown job type has none), for the parked message and the outcome line.
 */
export type Prepared = { name: string | undefined } & (
  | {
      ok: true;
      run: (signal: AbortSignal) => Promise<void>;
      timeoutMs: number;
      /** The job type's own limit of jobs at once, if it declares one. */
      concurrency?: number | undefined;
      /** The job type's retry policy and this delivery's attempt, if it declares one. */
      retry?: JobRetry | undefined;
    }
  | { ok: false; failure: Outcome }
);

/** What the route needs to answer: the outcome, and the job type or task name when known. */
export interface Delivered {
  outcome: Outcome;
  name: string | undefined;
}

export interface Work {
  /** What "already completed" is remembered by: the message id, or task name + scheduled-at. */
  key: string;
  delivery: SqsdDelivery;
  /** The task name, known from the headers before preparing; a job's type is known only after. */
  name: string | undefined;
  /**
   * What a parked copy carries, so a redrive brings back the same message. A function: it is
   * needed only when a message is parked, not on every delivery.
   */
  parkedCopy(): { body: string; attributes: Record<string, MessageAttributeValue> };
  prepare(): Prepared;
}

const REFUSALS: Record<Refusal, Outcome> = {
  draining: outcome(
    "draining",
    "The worker is shutting down; this delivery was held until its exit and sqsd will deliver the message again",
  ),
  "over-capacity": outcome(
    "over-capacity",
    "The worker is at its concurrency limit; sqsd will deliver this message again",
  ),
  "already-running": outcome(
    "already-running",
    "This message is being processed by an earlier delivery right now",
  ),
};

export async function deliver(work: Work, deps: DeliveryDeps): Promise<Delivered> {
  const unnamed = (result: Outcome): Delivered => ({ outcome: result, name: work.name });
  // Admission comes first: with a shared completed store, checking before taking the slot would
  // let a redelivery slip in between the check and the first delivery's completion.
  const lease = deps.tracker.admit(work.key);
  if (lease === "draining") {
    // Held until the process is about to exit: one receive spent, not one per
    // ErrorVisibilityTimeout (see job-tracker.ts).
    await deps.tracker.drained;
    return unnamed(REFUSALS.draining);
  }
  if (typeof lease === "string") return unnamed(REFUSALS[lease]);
  let handlerStopped: Promise<boolean> = Promise.resolve(false);
  let completionRecorded = false;
  let releaseTypeSlot = () => {};
  try {
    if (await deps.completed.has(work.key)) {
      return unnamed(
        outcome(
          "already-completed",
          "This instance already completed this message; not running it again",
        ),
      );
    }
    const kept = deps.verdicts.recall(work.delivery.messageId);
    if (kept) return kept;
    const prepared = work.prepare();
    const named = (result: Outcome): Delivered => ({ outcome: result, name: prepared.name });
    const park = async (failure: Outcome) =>
      named(await settlePermanentFailure(failure, prepared.name, work, deps, lease.signal));
    if (!prepared.ok) return await park(prepared.failure);
    const { retry } = prepared;
    const retryContext = () => ({
      delivery: work.delivery,
      body: work.parkedCopy().body,
      scheduler: deps.retries ?? NO_RETRY_SCHEDULER,
      signal: AbortSignal.any([lease.signal, AbortSignal.timeout(PARK_TIMEOUT_MS)]),
    });
    const waiting = retry && (await continueWaiting(retry, retryContext()));
    if (waiting) return named(rememberScheduled(waiting, prepared.name, work, deps));
    if (prepared.concurrency !== undefined && prepared.name !== undefined) {
      const typeSlot = deps.tracker.admitType(prepared.name, prepared.concurrency);
      if (typeSlot === "job-type-busy") {
        return named(
          outcome(
            "job-type-busy",
            `Job type "${prepared.name}" is at its concurrency limit of ${prepared.concurrency}; sqsd will deliver this message again (one more receive toward MaxRetries)`,
          ),
        );
      }
      releaseTypeSlot = () => {
        typeSlot.release();
      };
    }
    const run = runWithLimits(prepared.run, {
      timeoutMs: prepared.timeoutMs,
      shutdownSignal: lease.signal,
    });
    handlerStopped = run.stopped;
    const result = await run.result;
    switch (result.status) {
      case "succeeded":
        await deps.completed.add(work.key);
        completionRecorded = true;
        return named(outcome("completed", "Completed"));
      case "timed-out":
        return named(outcome("timed-out", result.error.message));
      case "shut-down":
        return named(outcome("shutdown", result.error.message));
      case "failed": {
        if (retry) {
          const settled = await settleFailedAttempt(result.error, retry, retryContext());
          if (settled.kind === "answer") {
            return named(rememberScheduled(settled.outcome, prepared.name, work, deps));
          }
          const copy = work.parkedCopy();
          const withHistory: Work = {
            ...work,
            parkedCopy: () => ({
              body: copy.body,
              attributes: withAttemptHistory(copy.attributes, settled.retryAttribute),
            }),
          };
          return named(
            await settlePermanentFailure(
              settled.failure,
              prepared.name,
              withHistory,
              deps,
              lease.signal,
            ),
          );
        }
        if (result.error instanceof PermanentJobError) {
          return await park(outcome("permanent-failure", result.error.message));
        }
        return named({
          ...outcome("handler-failed", `${result.error.name}: ${result.error.message}`),
          error: result.error,
        });
      }
    }
  } finally {
    // A handler that ignored its signal keeps its slot and its message id until it really
    // returns: it still uses the instance, and a redelivery must not run beside it. If it then
    // succeeds, that is recorded before the slot is given back, so the redelivery sqsd makes after
    // our 500 answers already-completed instead of running the work a second time.
    void handlerStopped
      .then(async (succeeded) => {
        if (succeeded && !completionRecorded) await deps.completed.add(work.key);
      })
      .catch(() => {
        // A failing shared store: the redelivery runs again, as it would have before.
      })
      .finally(() => {
        releaseTypeSlot();
        lease.release();
      });
  }
}

const NO_RETRY_SCHEDULER: RetryScheduler = {
  available: false,
  why: "the app was built without a retry scheduler",
};

/**
 * A delivery whose delayed copy SQS accepted is done: if sqsd delivers it again (our 200 was
 * lost), it gets the same answer without running the handler or sending a second copy.
 */
function rememberScheduled(
  result: Outcome,
  name: string | undefined,
  work: Work,
  deps: DeliveryDeps,
): Outcome {
  if (result.reason === "retry-scheduled") {
    // Without the handler's error: a repeated answer is not a second failure to log.
    const kept = { reason: result.reason, message: result.message };
    deps.verdicts.keep(work.delivery.messageId, { outcome: kept, name });
  }
  return result;
}

async function settlePermanentFailure(
  failure: Outcome,
  name: string | undefined,
  work: Work,
  deps: DeliveryDeps,
  signal: AbortSignal,
): Promise<Outcome> {
  if (!deps.deadLetter) return failure;
  try {
    await deps.deadLetter.park(
      {
        ...work.parkedCopy(),
        reason: failure.reason,
        detail: failure.message,
        jobType: name,
        delivery: work.delivery,
      },
      AbortSignal.any([signal, AbortSignal.timeout(PARK_TIMEOUT_MS)]),
    );
  } catch (thrown) {
    if (thrown instanceof ParkingLimitError) {
      // The failure's own 4xx, kept for every redelivery: never deleted unparked, never run again.
      const verdict = {
        ...failure,
        message: `${failure.message}. Not parked: ${thrown.message}. The handler will not run again on this instance; SQS's redrive moves it to the dead-letter queue after MaxRetries receives`,
      };
      deps.verdicts.keep(work.delivery.messageId, { outcome: verdict, name });
      return verdict;
    }
    // Not 200: sqsd keeps the message and retries, so it is never lost.
    return outcome(
      "dead-letter-send-failed",
      `Could not park the message in the dead-letter queue (${failure.message}): ${toError(thrown).message}`,
    );
  }
  // Not remembered as completed: a redrive of the parked copy must run (for a periodic task it
  // carries the same task and minute). SQS deletes this delivery on the 200.
  return {
    reason: "parked",
    message: `Parked in the dead-letter queue: ${failure.message}`,
    parkedFor: failure.reason,
  };
}
