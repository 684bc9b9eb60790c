/** What the latency scenario and its probe app agree on. */

/** The benchmark-only job type whose handler reports the moment it starts. */
export const PROBE_JOB_TYPE = "bench-probe";

/** Milliseconds since the epoch with sub-millisecond precision, comparable across processes. */
export const wallClockMs = (): number => performance.timeOrigin + performance.now();
