/**
 * A circuit breaker per downstream API, shared by every job on the instance: after
 * `failureThreshold` failures in a row the circuit opens, and calls fail at once for `openMs`
 * instead of adding load to an API that is down; then one trial call is let through (half-open):
 * its success closes the circuit, its failure opens it again.
 *
 * Written here rather than taken from opossum: opossum 10 requires Node.js 22 (this project
 * supports 20.19), its types are a separate package written for an older major, and it keeps
 * rolling-window timers per breaker; this needs a consecutive-failure count and a clock.
 */

export type CircuitState = "closed" | "open" | "half-open";

/** What a call's answer means for the circuit: a throttling answer (429) is neither. */
export type CallResult = "success" | "failure" | "neutral";

export interface BreakerOptions {
  /** Failures in a row that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before a trial call, in milliseconds. */
  openMs: number;
}

/** A permission to call: report how it went, exactly once. */
export interface Permit {
  /** Returns the circuit's new state when this call changed it. */
  done(result: CallResult): CircuitState | undefined;
}

export type Admission = { allowed: true; permit: Permit } | { allowed: false; retryInMs: number };

export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private trialRunning = false;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): CircuitState {
    if (this.openUntil === 0) return "closed";
    return this.now() < this.openUntil ? "open" : "half-open";
  }

  /** Lets a call through, or says how long until one may try. */
  admit(): Admission {
    const state = this.state;
    if (state === "open") return { allowed: false, retryInMs: this.openUntil - this.now() };
    if (state === "half-open") {
      // One trial at a time; the others wait as long as the circuit was open.
      if (this.trialRunning) return { allowed: false, retryInMs: this.options.openMs };
      this.trialRunning = true;
      return { allowed: true, permit: this.permit(true) };
    }
    return { allowed: true, permit: this.permit(false) };
  }

  private permit(trial: boolean): Permit {
    let reported = false;
    return {
      done: (result) => {
        if (reported) return undefined;
        reported = true;
        if (trial) this.trialRunning = false;
        const before = this.state;
        this.record(result, trial);
        const after = this.state;
        return after === before ? undefined : after;
      },
    };
  }

  private record(result: CallResult, trial: boolean): void {
    if (result === "success") {
      this.failures = 0;
      this.openUntil = 0;
    } else if (result === "failure") {
      this.failures += 1;
      if (trial || this.failures >= this.options.failureThreshold) {
        this.openUntil = this.now() + this.options.openMs;
      }
    }
  }
}

/** The breakers of one app, one per API (by origin); a module client, so tests bring a clock. */
export class CircuitBreakers {
  private readonly byKey = new Map<string, CircuitBreaker>();

  constructor(private readonly now: () => number = Date.now) {}

  for(key: string, options: BreakerOptions): CircuitBreaker {
    let breaker = this.byKey.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker(options, this.now);
      this.byKey.set(key, breaker);
    }
    return breaker;
  }
}
