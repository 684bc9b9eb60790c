/**
 * The vocabulary of a cron expression as sqsd reads it (docs/protocol.md §3.2, parse-cron
 * semantics): the patterns, the five fields and the macros. Every pattern the parser uses is
 * declared here, once, with what it accepts.
 */

/** Separates the fields of an expression: any run of spaces or tabs. */
export const FIELD_SEPARATOR = /\s+/;

/** A whole field, or one item of a comma-separated list, is split on this. */
export const LIST_SEPARATOR = ",";

/** `*` or `*\/n`: every value of the field, optionally every n-th one. */
export const WILDCARD_ITEM = /^\*(?:\/(?<step>[^/]*))?$/;

/** `a-b` or `a-b/n`: a range of values (numbers or names), optionally every n-th one. */
export const RANGE_ITEM = /^(?<start>[a-z0-9]+)-(?<end>[a-z0-9]+)(?:\/(?<step>[^/]*))?$/i;

/** `a/n`: a step from a single value. Vixie cron reads it as `a-max/n`, parse-cron rejects it. */
export const SINGLE_VALUE_STEP_ITEM = /^(?<value>[a-z0-9]+)\/(?<step>[^/]*)$/i;

/** `a`: one value, a number or (in the month and day-of-week fields) a three-letter name. */
export const SINGLE_ITEM = /^(?<value>[a-z0-9]+)$/i;

/** A value or step written as digits. */
export const WHOLE_NUMBER = /^\d+$/;

/** What a field item may look like, for messages. */
export const ITEM_FORMS =
  "*, a value, a range a-b, a step */n or a-b/n, or a list of these joined by commas";

/** The five fields, in order, for messages. */
export const FIELD_ORDER = "minute hour day-of-month month day-of-week";

/** How many fields an expression has. sqsd ignores a sixth; we reject it (see parseCronExpression). */
export const FIELD_COUNT = 5;

/** The macros sqsd accepts and the expression each stands for. */
export const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

/** The names of the macros, for messages. */
export const MACRO_NAMES = Object.keys(MACROS).join(", ");

/** `@reboot` means "when cron starts", which a queue-driven scheduler has no notion of. */
export const REBOOT_MACRO = "@reboot";

/** Month names, case-insensitive, January = 1. */
export const MONTH_NAMES = [
  "jan",
  "feb",
  "mar",
  "apr",
  "may",
  "jun",
  "jul",
  "aug",
  "sep",
  "oct",
  "nov",
  "dec",
] as const;

/** Day names, case-insensitive, Sunday = 0. */
export const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
