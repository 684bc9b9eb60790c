/**
 * The longest time between two runs of a cron schedule: a "no run" alarm must wait at least that
 * long, or it fires between two runs that are on time.
 */
import type { CronSchedule } from "../cron/cron-schedule.js";

/** A fixed start, so the answer does not depend on the day the doctor runs. */
const START = new Date(Date.UTC(2026, 0, 1));
/** One year of runs covers every month length and weekday pattern but the leap day. */
const HORIZON_MS = 366 * 24 * 3600 * 1000;
/** Enough runs to cover two days of a schedule that fires every minute. */
const MAX_RUNS = 3000;

/** The longest gap between consecutive runs over a year (or the first MAX_RUNS runs), in seconds. */
export function longestGapSeconds(schedule: CronSchedule): number {
  let previous = schedule.nextAfter(START);
  let longest = 0;
  for (let run = 0; run < MAX_RUNS; run++) {
    const next = schedule.nextAfter(previous);
    longest = Math.max(longest, next.getTime() - previous.getTime());
    if (next.getTime() - START.getTime() > HORIZON_MS) break;
    previous = next;
  }
  return longest / 1000;
}
