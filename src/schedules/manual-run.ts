/**
 * A manual run (`sqs-worker task run <name>`) is marked by this message attribute, which sqsd
 * forwards as `X-Aws-Sqsd-Attr-sqs-worker-manual-run`: the app then runs the task without its
 * guards (local time, staleness, overlap), since a person asked for it now. `task run --guards`
 * leaves the mark off, so the run is treated like the leader's.
 *
 * sqsd 3.x on Amazon Linux 2023 is documented, but not re-verified, to forward message attributes
 * (docs/protocol.md §1.2): where it does not, a manual run meets the guards like a scheduled one.
 */
import type { SqsdDelivery } from "../protocol/headers.js";

/** All lower case: header names reach the app lower-cased. */
export const MANUAL_RUN_ATTRIBUTE = "sqs-worker-manual-run";
export const MANUAL_RUN_VALUE = "true";

export function isManualRun(delivery: SqsdDelivery): boolean {
  return delivery.attributes[MANUAL_RUN_ATTRIBUTE] === MANUAL_RUN_VALUE;
}
