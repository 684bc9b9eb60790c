/**
 * The three guards a periodic-task delivery passes before its handler runs, in this order:
 * 1. local time: a task scheduled in a time zone runs only when scheduled-at, seen in that zone,
 *    is one of its runs (cron.yaml fires in every offset the zone has; the others are skipped);
 * 2. staleness: a delivery more than maxLatenessSeconds (default: the task's period) after its
 *    scheduled time is skipped, so a backed-up queue does not replay a burst of old runs;
 * 3. overlap: with `overlap: "skip"`, a delivery while the previous run holds the task's lock
 *    is skipped. The lock's lease is the task's timeout plus LEASE_GRACE_MS.
 * Each skip answers 200 (sqsd deletes the message) with its reason. A manual run passes all three.
 */
import type { Admission } from "../delivery/deliver.js";
import { outcome, type Outcome } from "../delivery/outcomes.js";
import type { ScheduledTask } from "../protocol/headers.js";
import { formatHeaderTimestamp } from "../protocol/timestamps.js";
import type { RunLocks } from "./run-locks.js";
import type { TaskTiming } from "./task-timing.js";
import { formatInZone } from "./zone-clock.js";

/**
 * How long a lock outlives the task's timeout: the handler is aborted at its timeout and the lock
 * given back when it returns; the lease only frees the lock of an instance that died mid-run.
 */
export const LEASE_GRACE_MS = 30_000;

export interface GuardInput {
  task: ScheduledTask;
  timing: TaskTiming | undefined;
  manual: boolean;
  timeoutMs: number;
  runLocks: RunLocks;
}

const RUN: Admission = { afterRun: () => Promise.resolve() };

/** The key of a task's overlap lock (the DynamoDB store keeps it as `lock#task:<name>`). */
export function runLockKey(taskName: string): string {
  return `task:${taskName}`;
}

export async function admitTaskRun(input: GuardInput): Promise<Admission> {
  const { task, timing } = input;
  if (input.manual || !timing) return RUN;
  if (timing.local && !timing.local.isRunAt(task.scheduledAt)) {
    return { skipped: notLocalTime(task, timing) };
  }
  const stale = staleness(task, timing, Date.now());
  if (stale) return { skipped: stale };
  if (timing.overlap === "skip") {
    const key = runLockKey(task.name);
    const leaseMs = input.timeoutMs + LEASE_GRACE_MS;
    if (!(await input.runLocks.tryAcquire(key, leaseMs))) {
      return {
        skipped: outcome(
          "skipped-still-running",
          `Skipped: previous run still running (task "${task.name}" declares overlap: "skip"; its lock is held, with a lease of at most ${leaseMs / 1000} s)`,
        ),
      };
    }
    return { afterRun: () => input.runLocks.release(key) };
  }
  return RUN;
}

function notLocalTime(task: ScheduledTask, timing: TaskTiming): Outcome {
  const local = timing.local;
  const zone = local?.timeZone ?? "UTC";
  return outcome(
    "skipped-not-local-time",
    `Skipped: not the local time. Scheduled at ${formatHeaderTimestamp(task.scheduledAt)}, which is ${formatInZone(task.scheduledAt, zone)}; the task runs at "${local?.cron.expression ?? ""}" in ${zone}`,
  );
}

/** The stale outcome, with the lateness for the log line; undefined when the run may start. */
function staleness(task: ScheduledTask, timing: TaskTiming, now: number): Outcome | undefined {
  const scheduled = task.scheduledAt.getTime();
  const limitMs =
    timing.maxLatenessMs ??
    (timing.nextAfter ? timing.nextAfter(task.scheduledAt).getTime() - scheduled : undefined);
  const latenessMs = now - scheduled;
  if (limitMs === undefined || latenessMs <= limitMs) return undefined;
  const rule =
    timing.maxLatenessMs === undefined
      ? "its period, the time to its next run"
      : "maxLatenessSeconds";
  return {
    ...outcome(
      "skipped-stale",
      `Skipped: stale. Scheduled at ${formatHeaderTimestamp(task.scheduledAt)}, ${Math.round(latenessMs / 1000)} s ago, later than the ${limitMs / 1000} s it may start late (${rule})`,
    ),
    details: { latenessMs, maxLatenessMs: limitMs },
  };
}
