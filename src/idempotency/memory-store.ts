/**
 * The idempotency store of one process: the same rules as the DynamoDB store, in memory. For
 * tests and for a single instance that opts out of DynamoDB (WORKER_IDEMPOTENCY_STORE=memory):
 * a duplicate that reaches another instance, or arrives after a restart, runs again.
 *
 * Bounded: it keeps at most `maxRecords` completed records and as many step results, forgetting
 * the oldest first. Claims in progress are never forgotten (there are at most as many as jobs
 * running).
 */
import { randomUUID } from "node:crypto";
import {
  COMPLETED_TTL_SECONDS,
  type Claim,
  type ClaimRequest,
  type IdempotencyStore,
} from "./idempotency-store.js";

interface Held {
  owner: string;
  fingerprint: string;
  leaseEndsAt: number;
}

interface Done {
  fingerprint: string;
  expiresAt: number;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  readonly description = "memory (this process only)";
  private readonly held = new Map<string, Held>();
  // A Map keeps insertion order, which makes "forget the oldest" a matter of deleting the first key.
  private readonly done = new Map<string, Done>();
  private readonly steps = new Map<string, string>();

  constructor(
    private readonly maxRecords: number,
    private readonly now: () => number = Date.now,
  ) {}

  claim(request: ClaimRequest): Promise<Claim> {
    const now = this.now();
    const done = this.done.get(request.key);
    if (done && done.expiresAt > now) {
      return Promise.resolve(
        done.fingerprint === request.fingerprint
          ? { status: "completed" }
          : { status: "fingerprint-mismatch" },
      );
    }
    const held = this.held.get(request.key);
    if (held && held.leaseEndsAt > now) {
      return Promise.resolve(
        held.fingerprint === request.fingerprint
          ? { status: "in-progress", leaseEndsAt: new Date(held.leaseEndsAt) }
          : { status: "fingerprint-mismatch" },
      );
    }
    const owner = randomUUID();
    this.done.delete(request.key);
    this.held.set(request.key, {
      owner,
      fingerprint: request.fingerprint,
      leaseEndsAt: now + request.leaseMs,
    });
    return Promise.resolve({ status: "claimed", owner });
  }

  complete(key: string, owner: string): Promise<boolean> {
    const held = this.held.get(key);
    if (held?.owner !== owner) return Promise.resolve(false);
    this.held.delete(key);
    remember(this.done, key, {
      fingerprint: held.fingerprint,
      expiresAt: this.now() + COMPLETED_TTL_SECONDS * 1000,
    });
    forgetOldest(this.done, this.maxRecords);
    return Promise.resolve(true);
  }

  release(key: string, owner: string): Promise<void> {
    if (this.held.get(key)?.owner === owner) this.held.delete(key);
    return Promise.resolve();
  }

  readStep(key: string): Promise<string | undefined> {
    return Promise.resolve(this.steps.get(key));
  }

  writeStep(key: string, result: string): Promise<void> {
    remember(this.steps, key, result);
    forgetOldest(this.steps, this.maxRecords);
    return Promise.resolve();
  }

  /** Completed records kept now. */
  get size(): number {
    return this.done.size;
  }
}

function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
}

function forgetOldest(map: Map<string, unknown>, max: number): void {
  while (map.size > max) {
    const oldest = map.keys().next();
    if (oldest.done) return;
    map.delete(oldest.value);
  }
}
