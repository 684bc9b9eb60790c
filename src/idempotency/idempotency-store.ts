/**
 * The idempotency store: which deliveries are running or done, shared by every instance that
 * uses the same store, so a duplicate (SQS delivers at least once; producers send twice) runs
 * once in total. Modelled on AWS Lambda Powertools' idempotency records:
 *
 * - `claim` puts a record IN_PROGRESS with a lease (the job's timeout plus a margin). Exactly one
 *   claimant wins; a crashed instance's record can be taken over once its lease has run out.
 * - `complete` turns the winner's record COMPLETED, kept for COMPLETED_TTL_SECONDS.
 * - `release` deletes it when the run failed, so a retry may claim it again.
 * - Step records keep the JSON result of an idempotent step inside a handler (`ctx.once`).
 *
 * Every record carries the fingerprint of the payload it was claimed for: the same key with
 * another payload is the producer's mistake, not a duplicate.
 *
 * Implementations: memory-store.ts (one process) and dynamodb-store.ts (every instance).
 */

/** Why a record exists: a delivery being run, or one that was run. */
export type RecordStatus = "IN_PROGRESS" | "COMPLETED";

export interface ClaimRequest {
  /** The record's key (record-key.ts): namespaced by job type, or a task's name and minute. */
  key: string;
  /** The payload's fingerprint (fingerprint.ts). */
  fingerprint: string;
  /** How long the claim holds if its holder never completes or releases it. */
  leaseMs: number;
}

export type Claim =
  /** This caller runs the delivery and must complete or release with `owner`. */
  | { status: "claimed"; owner: string }
  | { status: "completed" }
  /** Held by another delivery until `leaseEndsAt`, on this instance or another. */
  | { status: "in-progress"; leaseEndsAt: Date }
  /** A record with this key exists for another payload. */
  | { status: "fingerprint-mismatch" };

export interface IdempotencyStore {
  /** Where records are kept, for log lines and the banner ("memory", "DynamoDB table …"). */
  readonly description: string;
  claim(request: ClaimRequest): Promise<Claim>;
  /**
   * Marks the claim COMPLETED. False when the claim is no longer `owner`'s: its lease ran out and
   * another delivery took the key over, so the work may have run twice.
   */
  complete(key: string, owner: string): Promise<boolean>;
  /** Deletes the claim if it is still `owner`'s, so a retry can claim it again. */
  release(key: string, owner: string): Promise<void>;
  /** The JSON text a step recorded under `key`, if any. */
  readStep(key: string): Promise<string | undefined>;
  /** Records a step's JSON result under `key`. */
  writeStep(key: string, result: string): Promise<void>;
}

/**
 * The store could not answer (DynamoDB unreachable, throttled past the SDK's retries, slower than
 * its time limit). The delivery is not run without its guard: it is answered with a retryable
 * status, and sqsd delivers it again.
 */
export class IdempotencyStoreError extends Error {
  override name = "IdempotencyStoreError";
}

/**
 * How long a COMPLETED record is kept: 14 days, SQS's maximum MessageRetentionPeriod. No message
 * can outlive it, whatever RetentionPeriod the queue has (in .ebextensions or changed in the
 * console), so no duplicate of a completed job can find its record gone. A fixed value instead
 * of one read from .ebextensions: the app cannot read the queue's real setting at run time, and
 * storage of a small record for 14 days costs next to nothing (docs/idempotency.md).
 */
export const COMPLETED_TTL_SECONDS = 14 * 24 * 60 * 60;

/**
 * Added to a job's timeout to make its lease: time for the handler's abort, the answer and the
 * completion write. A lease that ran out while its holder still works lets a duplicate run.
 */
export const LEASE_MARGIN_MS = 10_000;

/** Epoch seconds, as DynamoDB's TTL reads `expiresAt`; rounded up so a lease never shrinks. */
export function epochSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
