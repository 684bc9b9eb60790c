/**
 * The UTC cron expression cron.yaml needs for a task scheduled in local time: one entry (a task
 * has one name and url) whose minutes cover the local schedule under every offset the zone has in
 * the coming years: "0 9 * * *" in Europe/Berlin becomes "0 7,8 * * *". It may fire more often
 * than the task runs (the other hour of the two); the app answers those deliveries "skipped: not
 * the local time" (local-schedule.ts decides).
 */
import type { CronFields } from "../cron/cron-schedule.js";
import { parseCronExpression } from "../cron/cron-expression.js";
import { COVERED_YEARS, zoneOffsets } from "./zone-offsets.js";

const MINUTES_PER_DAY = 24 * 60;
const LAST_DAYS_OF_MONTH = [28, 29, 30, 31];

/** The UTC expression covering `localExpression` in `timeZone` from `now` for COVERED_YEARS. */
export function utcCronFor(localExpression: string, timeZone: string, now = new Date()): string {
  const local = parseCronExpression(localExpression).fields;
  const offsets = zoneOffsets(timeZone, now.getTime(), COVERED_YEARS);
  const minutes = new Set<number>();
  const hours = new Set<number>();
  const dayShifts = new Set<number>();
  for (const offsetMs of offsets) {
    const offset = Math.round(offsetMs / 60_000);
    for (const hour of local.hours) {
      for (const minute of local.minutes) {
        const utc = hour * 60 + minute - offset;
        dayShifts.add(Math.floor(utc / MINUTES_PER_DAY));
        const inDay = mod(utc, MINUTES_PER_DAY);
        hours.add(Math.floor(inDay / 60));
        minutes.add(inDay % 60);
      }
    }
  }
  const shifted: CronFields = {
    minutes,
    hours,
    daysOfMonth: shiftDaysOfMonth(local.daysOfMonth, dayShifts),
    months: dayShifts.size > 1 || !dayShifts.has(0) ? withNeighbours(local.months) : local.months,
    daysOfWeek: new Set(
      [...local.daysOfWeek].flatMap((day) => [...dayShifts].map((s) => mod(day + s, 7))),
    ),
    dayOfMonthRestricted: local.dayOfMonthRestricted,
    dayOfWeekRestricted: local.dayOfWeekRestricted,
  };
  const expression = formatCron(shifted);
  parseCronExpression(expression); // a bug here must not reach cron.yaml
  return expression;
}

/**
 * A local day moved a day back or forward in UTC: the 1st moves to the end of the previous month
 * (28-31: which one depends on the month, and the app skips the others), the last days to the 1st.
 */
function shiftDaysOfMonth(days: ReadonlySet<number>, shifts: ReadonlySet<number>): Set<number> {
  const result = new Set<number>();
  for (const shift of shifts) {
    for (const day of days) {
      const moved = day + shift;
      if (moved < 1) LAST_DAYS_OF_MONTH.forEach((last) => result.add(last));
      else if (moved > 28 && shift > 0) {
        result.add(1);
        if (moved <= 31) result.add(moved);
      } else result.add(moved);
    }
  }
  return result;
}

/** A day moved across midnight may land in the month before or after. */
function withNeighbours(months: ReadonlySet<number>): Set<number> {
  const result = new Set<number>();
  for (const month of months) {
    result.add(month);
    result.add(mod(month - 2, 12) + 1);
    result.add(mod(month, 12) + 1);
  }
  return result;
}

function formatCron(fields: CronFields): string {
  return [
    formatField(fields.minutes, 0, 59, false),
    formatField(fields.hours, 0, 23, false),
    fields.dayOfMonthRestricted ? formatField(fields.daysOfMonth, 1, 31, true) : "*",
    formatField(fields.months, 1, 12, false),
    fields.dayOfWeekRestricted ? formatField(fields.daysOfWeek, 0, 6, true) : "*",
  ].join(" ");
}

/**
 * `*` when every value is there (unless the field must stay restricted: a `*` day field changes
 * cron's day rule), else ascending values and ranges: "0,15,30,45", "7,8", "1-5".
 */
function formatField(
  values: ReadonlySet<number>,
  min: number,
  max: number,
  keepRestricted: boolean,
): string {
  const sorted = [...values].sort((a, b) => a - b);
  if (!keepRestricted && sorted.length === max - min + 1) return "*";
  const parts: string[] = [];
  for (let index = 0; index < sorted.length;) {
    let end = index;
    while (end + 1 < sorted.length && sorted[end + 1] === (sorted[end] ?? 0) + 1) end += 1;
    const first = sorted[index] ?? 0;
    const last = sorted[end] ?? 0;
    if (last - first >= 2) parts.push(`${first}-${last}`);
    else for (let at = index; at <= end; at += 1) parts.push(String(sorted[at]));
    index = end + 1;
  }
  return parts.join(",");
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
