/**
 * The window of a periodic task's "no run" alarm: longer than the longest time between two runs
 * of its cron schedule (or it fires between two runs that are on time), and within CloudWatch's
 * limit on Period × EvaluationPeriods (PutMetricAlarm: 1 day for periods under an hour, 7 days
 * otherwise). The doctor checks alarms against it; `make task` writes one with it.
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

const HOUR_SECONDS = 3600;
const DAY_SECONDS = 86_400;

/** CloudWatch's longest window for an alarm with this period. */
export function maxWindowSeconds(periodSeconds: number): number {
  return periodSeconds < HOUR_SECONDS ? DAY_SECONDS : 7 * DAY_SECONDS;
}

/**
 * The smallest window of whole periods (an hour for gaps of an hour or more, else a minute)
 * above the gap; undefined when CloudWatch allows no window that long.
 */
export function taskAlarmWindow(
  gapSeconds: number,
): { period: number; evaluationPeriods: number } | undefined {
  const period = gapSeconds >= HOUR_SECONDS ? HOUR_SECONDS : 60;
  const evaluationPeriods = Math.floor(gapSeconds / period) + 1;
  return period * evaluationPeriods <= maxWindowSeconds(period)
    ? { period, evaluationPeriods }
    : undefined;
}
