/**
 * A cron schedule read in a named time zone: which instants are runs, and the next one.
 *
 * The rule for the two kinds of daylight-saving change is RFC 5545's (§3.3.5, the iCalendar rule,
 * also Temporal's and java.time's "compatible" default):
 * - a local time that does not exist (spring forward, 02:30 in Berlin on 2027-03-28) runs as if
 *   the change had not happened yet, with the offset from before the gap: 02:30 CET is 01:30 UTC,
 *   which is 03:30 CEST;
 * - a local time that happens twice (fall back, 02:30 in Berlin on 2027-10-31) runs once, at the
 *   first occurrence (02:30 CEST, 00:30 UTC); the second (02:30 CET) is not a run.
 * So every run is "local time minus one of the zone's offsets", and the UTC cron.yaml entries
 * built from the zone's offsets (utc-cron.ts) always include it.
 */
import type { CronSchedule } from "../cron/cron-schedule.js";
import { offsetAt, wallClockMs } from "./zone-clock.js";
import { zoneOffsets } from "./zone-offsets.js";

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** Walls tried per offset before giving up; a cron schedule matches at least every 8 years. */
const MAX_STEPS = 10_000;

export class LocalSchedule {
  constructor(
    /** The schedule as the task declares it, matched against local wall-clock time. */
    readonly cron: CronSchedule,
    readonly timeZone: string,
  ) {}

  /** Whether a run is due at exactly `date` (a whole minute). */
  isRunAt(date: Date): boolean {
    const ms = date.getTime();
    if (ms % MINUTE_MS !== 0) return false;
    return this.offsetsNear(ms).some((offset) => {
      const wall = ms + offset;
      return this.cron.matches(new Date(wall)) && this.instantOf(wall) === ms;
    });
  }

  /** The first run strictly after `date`. */
  nextAfter(date: Date): Date {
    const after = date.getTime();
    const current = offsetAt(after, this.timeZone);
    // Every run is some matching wall time minus one of the zone's offsets: look along each
    // offset for its first run after `after` (the current offset first: it usually wins).
    const offsets = [current, ...zoneOffsets(this.timeZone, after).filter((o) => o !== current)];
    let best = Number.POSITIVE_INFINITY;
    for (const offset of offsets) {
      let wall = after + offset;
      for (let step = 0; step < MAX_STEPS; step += 1) {
        wall = this.cron.nextAfter(new Date(wall)).getTime();
        const instant = wall - offset;
        if (instant >= best) break;
        if (this.instantOf(wall) === instant) {
          best = instant;
          break;
        }
      }
    }
    if (!Number.isFinite(best)) {
      throw new Error(
        `"${this.cron.expression}" in ${this.timeZone} has no run after ${date.toISOString()}`,
      );
    }
    return new Date(best);
  }

  /**
   * The instant the wall time `wall` runs at: its first occurrence, or, when the zone skips it,
   * the wall time read with the offset from before the gap.
   */
  instantOf(wall: number): number {
    const candidates = this.offsetsNear(wall).map((offset) => wall - offset);
    const occurrences = candidates.filter(
      (instant) => wallClockMs(instant, this.timeZone) === wall,
    );
    if (occurrences.length > 0) return Math.min(...occurrences);
    // In a gap: the earliest candidate lies before the change, so its offset is the one before.
    const beforeGap = Math.min(...candidates);
    return wall - offsetAt(beforeGap, this.timeZone);
  }

  /** The offsets in effect within a day of `ms`: one, or two around a change. */
  private offsetsNear(ms: number): number[] {
    const offsets = [ms - DAY_MS, ms, ms + DAY_MS].map((at) => offsetAt(at, this.timeZone));
    return [...new Set(offsets)];
  }
}
