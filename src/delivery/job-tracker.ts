/**
 * Admission and drain: how many jobs run at once, which deliveries are running now, and the
 * shutdown sequence (stop taking work, let in-flight jobs finish up to a deadline, abort the rest).
 *
 * Deliveries refused while draining are held, not answered at once (`drained`): sqsd counts every
 * receive toward MaxRetries and redelivers a refused message after ErrorVisibilityTimeout, so an
 * instant 503 during a 30 s drain burns ~15 receives and dead-letters messages that never ran.
 * Held, each costs one receive, and sqsd's connections stay busy, so it stops pulling more.
 */
import { ShutdownError } from "../errors.js";

export type Refusal = "draining" | "over-capacity" | "already-running";

/** A running job's hold on a slot; `signal` fires when the drain deadline passes. */
export interface Lease {
  readonly signal: AbortSignal;
  release(): void;
}

export interface DrainReport {
  /** Jobs that finished on their own after the drain began. */
  finished: number;
  /** Jobs aborted through their signal when the deadline passed. */
  aborted: number;
  /** Of those, handlers that ignored their signal and were still running after the grace period. */
  abandoned: number;
}

/** How long aborted handlers get to notice their signal before the drain gives up on them. */
export const ABORT_GRACE_MS = 2000;

/** How long the answers to held deliveries get to be written before the server cuts connections. */
export const HELD_ANSWER_FLUSH_MS = 1000;

export class JobTracker {
  private readonly running = new Map<string, AbortController>();
  private draining = false;
  private idle: (() => void) | undefined;
  private endDrain: () => void = () => {};
  /** Settles when the drain is over and the process is about to exit. */
  readonly drained = new Promise<void>((resolve) => {
    this.endDrain = resolve;
  });

  /** Running jobs per job type, for the types that declare a concurrency limit. */
  private readonly runningByType = new Map<string, number>();

  constructor(private readonly maxConcurrent: number) {}

  /**
   * Takes one of the `limit` slots of a job type, or says it is busy; the caller already holds a
   * lease, and gives this slot back when it gives back the lease.
   */
  admitType(type: string, limit: number): { release(): void } | "job-type-busy" {
    const running = this.runningByType.get(type) ?? 0;
    if (running >= limit) return "job-type-busy";
    this.runningByType.set(type, running + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.runningByType.get(type) ?? 1) - 1;
        if (left === 0) this.runningByType.delete(type);
        else this.runningByType.set(type, left);
      },
    };
  }

  get inFlight(): number {
    return this.running.size;
  }

  get isDraining(): boolean {
    return this.draining;
  }

  /** Takes a slot for the delivery `key`, or says why not. */
  admit(key: string): Lease | Refusal {
    if (this.draining) return "draining";
    if (this.running.has(key)) return "already-running";
    if (this.running.size >= this.maxConcurrent) return "over-capacity";
    const controller = new AbortController();
    this.running.set(key, controller);
    return {
      signal: controller.signal,
      release: () => {
        if (this.running.get(key) !== controller) return;
        this.running.delete(key);
        if (this.running.size === 0) this.idle?.();
      },
    };
  }

  /**
   * Refuses new work from now on, waits for running jobs up to `deadlineMs`, then aborts the rest
   * and waits for them to give back their slots (their responses go out as 503, so sqsd retries).
   * Deliveries held meanwhile are answered when it returns.
   */
  async drain(deadlineMs: number, graceMs = ABORT_GRACE_MS): Promise<DrainReport> {
    try {
      return await this.waitForRunningJobs(deadlineMs, graceMs);
    } finally {
      this.endDrain();
    }
  }

  private async waitForRunningJobs(deadlineMs: number, graceMs: number): Promise<DrainReport> {
    this.draining = true;
    const atStart = this.running.size;
    const allDone = new Promise<"done">((resolve) => {
      this.idle = () => {
        resolve("done");
      };
      if (this.running.size === 0) resolve("done");
    });
    if ((await withTimeout(allDone, deadlineMs)) === "done") {
      return { finished: atStart, aborted: 0, abandoned: 0 };
    }
    const aborted = this.running.size;
    for (const controller of this.running.values()) controller.abort(new ShutdownError());
    // Bounded: a handler that ignores its signal must not keep the process from exiting.
    await withTimeout(allDone, graceMs);
    return { finished: atStart - aborted, aborted, abandoned: this.running.size };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => {
      resolve("timeout");
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
