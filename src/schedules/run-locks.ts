/**
 * Locks for periodic tasks that declare `overlap: "skip"`: the run holding a task's lock keeps
 * the next delivery of that task from starting beside it. The lease bounds how long a holder that
 * died (an instance terminated mid-run) can keep the lock.
 *
 * The memory implementation here covers one instance; the shared store (issue 10, DynamoDB:
 * conditional put on `id = lock#<key>` with `expiresAt`) implements the same interface across
 * instances, and the app is given one or the other (AppOptions.runLocks).
 */
export interface RunLocks {
  /** Takes the lock unless another holder's lease is still running; true when taken. */
  tryAcquire(key: string, leaseMs: number): Promise<boolean>;
  /** Gives the lock back (only the holder calls it). */
  release(key: string): Promise<void>;
}

/** RunLocks within one process: enough for one instance, or for several apps given this object. */
export class MemoryRunLocks implements RunLocks {
  /** Lock key → when its lease runs out (ms since the epoch). */
  private readonly leases = new Map<string, number>();

  tryAcquire(key: string, leaseMs: number): Promise<boolean> {
    const now = Date.now();
    const expiresAt = this.leases.get(key);
    if (expiresAt !== undefined && expiresAt > now) return Promise.resolve(false);
    this.leases.set(key, now + leaseMs);
    return Promise.resolve(true);
  }

  release(key: string): Promise<void> {
    this.leases.delete(key);
    return Promise.resolve();
  }
}
