/**
 * A parsed cron expression: which UTC minutes it matches and when it next fires. Build one with
 * parseCronExpression (cron-expression.ts), which rejects expressions that never match.
 * src/schedules matches local schedules with it too, on "wall" dates whose UTC fields hold the
 * local time (see src/schedules/zone-clock.ts).
 */

const MINUTE_MS = 60_000;

/**
 * How far nextAfter looks before giving up. Eight years covers the longest gap between two
 * matches of a possible expression: `0 0 29 2 *` skips from 2096 to 2104 (2100 is no leap year).
 */
const SEARCH_LIMIT_MS = 8 * 366 * 24 * 60 * MINUTE_MS;

export interface CronFields {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  /** 1-12. */
  months: ReadonlySet<number>;
  /** 0-6, Sunday = 0. */
  daysOfWeek: ReadonlySet<number>;
  /** Whether the day-of-month field is anything but `*`. */
  dayOfMonthRestricted: boolean;
  /** Whether the day-of-week field is anything but `*`. */
  dayOfWeekRestricted: boolean;
}

export class CronSchedule {
  constructor(
    /** The expression as written in cron.yaml (a macro stays a macro). */
    readonly expression: string,
    /** The values each field allows (read by src/schedules to shift a local schedule to UTC). */
    readonly fields: CronFields,
  ) {}

  /** Whether the UTC minute containing `date` is one this schedule fires in. */
  matches(date: Date): boolean {
    assertValidDate(date);
    return (
      this.fields.minutes.has(date.getUTCMinutes()) &&
      this.fields.hours.has(date.getUTCHours()) &&
      this.fields.months.has(date.getUTCMonth() + 1) &&
      this.dayMatches(date)
    );
  }

  /** The first whole UTC minute strictly after `date` that this schedule fires in. */
  nextAfter(date: Date): Date {
    assertValidDate(date);
    const start = Math.floor(date.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
    const candidate = new Date(start);
    // Skip a whole month, day or hour at a time when it cannot match, then minute by minute.
    while (candidate.getTime() - start <= SEARCH_LIMIT_MS) {
      if (!this.fields.months.has(candidate.getUTCMonth() + 1)) {
        candidate.setUTCMonth(candidate.getUTCMonth() + 1, 1);
        candidate.setUTCHours(0, 0, 0, 0);
      } else if (!this.dayMatches(candidate)) {
        candidate.setUTCDate(candidate.getUTCDate() + 1);
        candidate.setUTCHours(0, 0, 0, 0);
      } else if (!this.fields.hours.has(candidate.getUTCHours())) {
        candidate.setUTCHours(candidate.getUTCHours() + 1, 0, 0, 0);
      } else if (!this.fields.minutes.has(candidate.getUTCMinutes())) {
        candidate.setUTCMinutes(candidate.getUTCMinutes() + 1, 0, 0);
      } else {
        return candidate;
      }
    }
    // parseCronExpression rejects expressions that never match, so this means a bug here.
    throw new Error(`"${this.expression}" has no match within 8 years after ${date.toISOString()}`);
  }

  /**
   * Vixie cron's rule, as parse-cron applies it: when both day fields are restricted, a day
   * matches if either does (`0 0 1 * mon` runs on the 1st and on every Monday); otherwise
   * both must match, which for the unrestricted `*` is always true.
   */
  private dayMatches(date: Date): boolean {
    const { daysOfMonth, daysOfWeek, dayOfMonthRestricted, dayOfWeekRestricted } = this.fields;
    const domMatches = daysOfMonth.has(date.getUTCDate());
    const dowMatches = daysOfWeek.has(date.getUTCDay());
    return dayOfMonthRestricted && dayOfWeekRestricted
      ? domMatches || dowMatches
      : domMatches && dowMatches;
  }
}

function assertValidDate(date: Date): void {
  if (Number.isNaN(date.getTime())) throw new TypeError("Expected a valid Date, got Invalid Date");
}
