/**
 * Wall-clock time in a named IANA time zone, from the platform's own time-zone data (Intl, which
 * Node ships with full ICU): no offset table of ours, no dependency. A "wall" time is written as
 * a Date whose UTC fields are the local fields, so the one cron implementation (src/cron, which
 * reads UTC fields) can match local schedules too.
 */

const MINUTE_MS = 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the platform knows `name` as an IANA time zone (e.g. "Europe/Berlin"). */
export function isTimeZone(name: string): boolean {
  if (name === "" || name !== name.trim()) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time in `timeZone` at instant `ms`, as ms whose UTC fields are the local ones. */
export function wallClockMs(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    fields.year ?? 0,
    (fields.month ?? 1) - 1,
    fields.day ?? 1,
    fields.hour ?? 0,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
  // Intl drops the milliseconds; keep them so wall - instant is exactly the offset.
  return wall + (((ms % 1000) + 1000) % 1000);
}

/** The zone's offset from UTC at instant `ms`, in ms (Berlin in summer: +7,200,000). */
export function offsetAt(ms: number, timeZone: string): number {
  return wallClockMs(ms, timeZone) - ms;
}

/** "UTC+02:00", "UTC-05:00", "UTC+05:45". */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / MINUTE_MS);
  const sign = offsetMs < 0 ? "-" : "+";
  const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
  const mm = String(minutes % 60).padStart(2, "0");
  return `UTC${sign}${hh}:${mm}`;
}

/** "2027-03-28 03:30 Europe/Berlin (UTC+02:00)": an instant as a reader in that zone sees it. */
export function formatInZone(date: Date, timeZone: string): string {
  const wall = new Date(wallClockMs(date.getTime(), timeZone)).toISOString();
  const offset = formatOffset(offsetAt(date.getTime(), timeZone));
  return `${wall.slice(0, 10)} ${wall.slice(11, 16)} ${timeZone} (${offset})`;
}
