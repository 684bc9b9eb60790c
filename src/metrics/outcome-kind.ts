/**
 * Which count a delivery's outcome adds to, read from the status delivery/outcomes.ts gives it, so
 * a reason added there is counted without a change here: 409 and 503 are the worker's refusals
 * that sqsd retries; a 200 that ran nothing (a duplicate, a periodic task's guard, S3's test
 * event) is skipped; every other outcome is a failure of the job, including a message parked for
 * good and a failed attempt retried through a delayed copy (both 200).
 */
import { STATUS_BY_REASON, type Reason } from "../delivery/outcomes.js";

export type OutcomeKind = "completed" | "failed" | "retried" | "skipped";

/** 200s that follow a failed run: the message is gone, but the job did not succeed. */
const FAILED_BUT_SETTLED: ReadonlySet<Reason> = new Set<Reason>(["parked", "retry-scheduled"]);

export function outcomeKind(reason: Reason): OutcomeKind {
  if (reason === "completed") return "completed";
  const status = STATUS_BY_REASON[reason];
  if (status === 200) return FAILED_BUT_SETTLED.has(reason) ? "failed" : "skipped";
  return status === 503 || status === 409 ? "retried" : "failed";
}
