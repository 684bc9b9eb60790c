/**
 * Which count a delivery's outcome adds to, read from the status delivery/outcomes.ts gives it, so
 * a reason added there is counted without a change here: 200 is done (a completed run, or a
 * message parked for good, which is a failure), 409 and 503 are the worker's refusals that sqsd
 * retries, every other status is a failure of the job.
 */
import { STATUS_BY_REASON, type Reason } from "../delivery/outcomes.js";

export type OutcomeKind = "completed" | "failed" | "retried" | "skipped";

export function outcomeKind(reason: Reason): OutcomeKind {
  if (reason === "completed") return "completed";
  if (reason === "already-completed") return "skipped";
  const status = STATUS_BY_REASON[reason];
  return status === 503 || status === 409 ? "retried" : "failed";
}
