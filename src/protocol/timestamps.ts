/**
 * The two time formats of the sqsd protocol (see shared docs, docs/protocol.md §1.2 and §3.3).
 *
 * - Headers (`X-Aws-Sqsd-First-Received-At`, `-Sent-At`, `-Scheduled-At`) carry ISO 8601 UTC with
 *   whole seconds and a `Z` suffix: `2023-08-15T13:57:53Z`.
 * - The leader's `beanstalk.sqsd.scheduled_time` message attribute carries `2017-03-22 23:10:00 UTC`.
 */

const HEADER_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const SCHEDULED_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC$/;

/** Formats a date as sqsd writes it in headers: `YYYY-MM-DDTHH:MM:SSZ` (milliseconds dropped). */
export function formatHeaderTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Parses a header timestamp; `undefined` when it is not ISO 8601 UTC or not a real calendar time.
 * Fractions are tolerated. `Date` rolls impossible fields over (February 30 becomes March 2, hour
 * 24 the next day), so the parsed date must print back to the same day and time.
 */
export function parseHeaderTimestamp(text: string): Date | undefined {
  if (!HEADER_TIMESTAMP.test(text)) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  return date.toISOString().slice(0, 19) === text.slice(0, 19) ? date : undefined;
}

/** Formats a date as the leader writes `beanstalk.sqsd.scheduled_time`: `YYYY-MM-DD HH:MM:SS UTC`. */
export function formatScheduledTime(date: Date): string {
  const [day, time] = formatHeaderTimestamp(date).slice(0, -1).split("T");
  return `${day ?? ""} ${time ?? ""} UTC`;
}

/** Parses `beanstalk.sqsd.scheduled_time`; `undefined` when it does not have that form. */
export function parseScheduledTime(text: string): Date | undefined {
  const match = SCHEDULED_TIME.exec(text);
  if (!match) return undefined;
  return parseHeaderTimestamp(`${match[1] ?? ""}T${match[2] ?? ""}Z`);
}
