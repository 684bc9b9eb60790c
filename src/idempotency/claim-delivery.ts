/**
 * The idempotency guard of one delivery, for deliver.ts: claim its record before the handler
 * runs, then complete the claim on success or release it on failure, once.
 */
import { outcome, type Outcome } from "../delivery/outcomes.js";
import { toError } from "../errors.js";
import {
  IdempotencyStoreError,
  LEASE_MARGIN_MS,
  type IdempotencyStore,
} from "./idempotency-store.js";

/** What the delivery is recorded by: its record key and the fingerprint of its payload. */
export interface RecordOf {
  key: string;
  fingerprint: string;
}

export type Guard =
  /** Run it: this delivery holds the record's claim. */
  | { held: HeldClaim }
  /** Answer this without running. */
  | { answer: Outcome }
  /** A permanent failure, parked like any other. */
  | { permanent: Outcome };

export async function claimDelivery(
  store: IdempotencyStore,
  record: RecordOf,
  timeoutMs: number,
): Promise<Guard> {
  try {
    const claim = await store.claim({ ...record, leaseMs: timeoutMs + LEASE_MARGIN_MS });
    switch (claim.status) {
      case "claimed":
        return { held: new HeldClaim(store, record.key, claim.owner) };
      case "completed":
        return {
          answer: outcome(
            "already-completed",
            `Already completed (record "${record.key}"); not running it again`,
          ),
        };
      case "in-progress":
        return {
          answer: outcome(
            "duplicate-in-progress",
            `Record "${record.key}" is claimed by another delivery, on this or another instance, until ${claim.leaseEndsAt.toISOString()}; sqsd will deliver this message again`,
          ),
        };
      case "fingerprint-mismatch":
        return {
          permanent: outcome(
            "idempotency-key-reused",
            `Record "${record.key}" was claimed for another payload: the same idempotency key was sent with a different payload`,
          ),
        };
    }
  } catch (thrown) {
    return { answer: unavailable(thrown, "the handler was not run") };
  }
}

/** The claim this delivery holds; settled once, by whichever of complete or release comes first. */
export class HeldClaim {
  private settled = false;

  constructor(
    readonly store: IdempotencyStore,
    readonly key: string,
    private readonly owner: string,
  ) {}

  /** Records the completion; says what went wrong if it could not, for the outcome's message. */
  async complete(): Promise<string | undefined> {
    if (this.settled) return undefined;
    this.settled = true;
    try {
      if (await this.store.complete(this.key, this.owner)) return undefined;
      return `its lease had run out and another delivery claimed record "${this.key}": the work may have run twice`;
    } catch (thrown) {
      return `the completion was not recorded (${toError(thrown).message}): a duplicate arriving after the lease may run again`;
    }
  }

  /** Gives the record back so a retry can claim it; a failure leaves it to its lease's end. */
  async release(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    try {
      await this.store.release(this.key, this.owner);
    } catch {
      // The record stays claimed until its lease runs out; redeliveries meanwhile get 409.
    }
  }
}

function unavailable(thrown: unknown, consequence: string): Outcome {
  const error = toError(thrown);
  const why =
    error instanceof IdempotencyStoreError ? error.message : `${error.name}: ${error.message}`;
  return outcome(
    "idempotency-store-unavailable",
    `Idempotency store unavailable, ${consequence}: ${why}`,
  );
}
