/**
 * The life of one delivery, the same for jobs and periodic tasks: take a slot, claim its
 * idempotency record (skipped when completed, refused while another delivery holds it, on any
 * instance sharing the store), run the handler under its limits, complete or release the claim,
 * and turn what happened into an Outcome. Permanent failures are settled here too: parked in the dead-letter queue when
 * one is configured (200 only once SQS accepted it), rejected with a 4xx otherwise.
 */
import { claimDelivery, type HeldClaim, type RecordOf } from "../idempotency/claim-delivery.js";
import type { IdempotencyStore } from "../idempotency/idempotency-store.js";
import { onceFor, type Once } from "../idempotency/once.js";
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
  /** Which deliveries ran or are running (src/idempotency); shared by instances on DynamoDB. */
  idempotency: IdempotencyStore;
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
      /** `once` records idempotent steps under this delivery's record (ctx.once). */
      run: (signal: AbortSignal, once: Once) => Promise<void>;
      timeoutMs: number;
      /** What the delivery is recorded by in the idempotency store. */
      record: RecordOf;
      /** The job type's own limit of jobs at once, if it declares one. */
      concurrency?: number | undefined;
      /**
       * Checked once the delivery is admitted, before the handler runs (a periodic task's guards,
       * src/schedules/task-guards.ts): an outcome to answer instead, or what to do once it stops.
       */
      admit?: () => Promise<Admission>;
      /** The job type's retry policy and this delivery's attempt, if it declares one. */
      retry?: JobRetry | undefined;
    }
  | { ok: false; failure: Outcome }
  /** Nothing to run, and not a failure (S3's s3:TestEvent): answered with this outcome. */
  | { ok: "answered"; outcome: Outcome }
);

/** Run, then call afterRun once the handler has really returned; or answer `skipped` instead. */
export type Admission = { skipped: Outcome } | { afterRun: () => Promise<void> };

/** What the route needs to answer: the outcome, and the job type or task name when known. */
export interface Delivered {
  outcome: Outcome;
  name: string | undefined;
}

export interface Work {
  /**
   * What a second delivery running beside the first is refused by on this instance: the message
   * id, or task name + scheduled-at. (Duplicates across instances are refused by the record.)
   */
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
  let afterRun = (): Promise<void> => Promise.resolve();
  let claim: HeldClaim | undefined;
  try {
    const kept = deps.verdicts.recall(work.delivery.messageId);
    if (kept) return kept;
    const prepared = work.prepare();
    const named = (result: Outcome): Delivered => ({ outcome: result, name: prepared.name });
    const park = async (failure: Outcome) =>
      named(await settlePermanentFailure(failure, prepared.name, work, deps, lease.signal));
    if (prepared.ok === "answered") return named(prepared.outcome);
    if (!prepared.ok) return await park(prepared.failure);
    if (prepared.admit) {
      const admission = await prepared.admit();
      if ("skipped" in admission) return named(admission.skipped);
      afterRun = admission.afterRun;
    }
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
    const guard = await claimDelivery(deps.idempotency, prepared.record, prepared.timeoutMs);
    if ("answer" in guard) return named(guard.answer);
    if ("permanent" in guard) return await park(guard.permanent);
    claim = guard.held;
    const once = onceFor(deps.idempotency, prepared.record.key);
    const run = runWithLimits((signal) => prepared.run(signal, once), {
      timeoutMs: prepared.timeoutMs,
      shutdownSignal: lease.signal,
    });
    handlerStopped = run.stopped;
    const result = await run.result;
    switch (result.status) {
      case "succeeded": {
        const problem = await claim.complete();
        completionRecorded = true;
        return named(outcome("completed", problem ? `Completed, but ${problem}` : "Completed"));
      }
      case "timed-out":
        return named(outcome("timed-out", result.error.message));
      case "shut-down":
        return named(outcome("shutdown", result.error.message));
      case "failed": {
        // The handler has returned: give the record back before answering, so the retry finds it free.
        await claim.release();
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
    // our 500 answers already-completed instead of running the work a second time. Otherwise the
    // claim is released then, and not before: the record guards the handler as long as it runs.
    const held = claim;
    void handlerStopped
      .then(async (succeeded) => {
        if (succeeded && !completionRecorded) await held?.complete();
        else await held?.release();
      })
      .finally(() => {
        // A run lock (overlap: "skip") is given back only now, when the handler has returned.
        afterRun().catch(() => {
          // A failing shared store: the lock's lease frees it.
        });
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
