/**
 * The distinct UTC offsets a time zone has over a span of years, read from the platform's
 * time-zone data (Intl) by sampling once a day: offsets last weeks or months (daylight saving,
 * Morocco's Ramadan pause), so a daily sample sees each; a finer one only costs start-up time.
 */
import { offsetAt } from "./zone-clock.js";

const HOUR_MS = 3_600_000;
const SAMPLE_MS = 24 * HOUR_MS;

/** How many years ahead the cron.yaml entries of a local-time task cover. @default 10 */
export const COVERED_YEARS = 10;

const cache = new Map<string, readonly number[]>();

/**
 * The offsets (ms, ascending) `timeZone` has from the start of `from`'s UTC year (less a day) to
 * `years` years later: a whole year at least, so a schedule's result does not change within it.
 */
export function zoneOffsets(timeZone: string, from: number, years = 2): readonly number[] {
  const year = new Date(from).getUTCFullYear();
  const key = `${timeZone} ${year} ${years}`;
  const known = cache.get(key);
  if (known) return known;
  const start = Date.UTC(year, 0, 1) - 24 * HOUR_MS;
  const end = Date.UTC(year + years, 0, 1) + 24 * HOUR_MS;
  const offsets = new Set<number>();
  for (let at = start; at <= end; at += SAMPLE_MS) offsets.add(offsetAt(at, timeZone));
  const sorted = [...offsets].sort((a, b) => a - b);
  cache.set(key, sorted);
  return sorted;
}
