/**
 * Parses a `cron.yaml` schedule the way sqsd does (docs/protocol.md §3.2: parse-cron, UTC), but
 * stricter where sqsd would silently do something surprising: a sixth field and an expression
 * that can never fire are errors here.
 */
import { CronExpressionError } from "./cron-expression-error.js";
import {
  DAY_OF_MONTH,
  DAY_OF_WEEK,
  HOUR,
  MINUTE,
  MONTH,
  parseField,
  type ParsedField,
} from "./cron-field.js";
import { CronSchedule } from "./cron-schedule.js";
import {
  FIELD_COUNT,
  FIELD_ORDER,
  FIELD_SEPARATOR,
  MACRO_NAMES,
  MACROS,
  REBOOT_MACRO,
} from "./cron-syntax.js";

export { CronExpressionError } from "./cron-expression-error.js";
export { CronSchedule } from "./cron-schedule.js";

/** The most days each month can have (February in a leap year). */
const MAX_DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** Throws CronExpressionError, whose message says what was wrong and what was expected. */
export function parseCronExpression(text: string): CronSchedule {
  const trimmed = text.trim();
  const fields = parseFields(trimmed.startsWith("@") ? expandMacro(trimmed) : trimmed);
  if (!canEverMatch(fields)) {
    throw new CronExpressionError(
      "expression never matches: none of its months has any of its days-of-month",
      "a day-of-month that exists in one of the months (February has at most 29 days)",
    );
  }
  return new CronSchedule(text, {
    minutes: fields.minute.values,
    hours: fields.hour.values,
    daysOfMonth: fields.dayOfMonth.values,
    months: fields.month.values,
    daysOfWeek: fields.dayOfWeek.values,
    dayOfMonthRestricted: fields.dayOfMonth.restricted,
    dayOfWeekRestricted: fields.dayOfWeek.restricted,
  });
}

function expandMacro(macro: string): string {
  const expansion = MACROS[macro];
  if (expansion !== undefined) return expansion;
  const what =
    macro === REBOOT_MACRO
      ? `${REBOOT_MACRO} is not supported (sqsd has no notion of start-up)`
      : `unknown macro "${macro}"`;
  throw new CronExpressionError(what, `one of ${MACRO_NAMES}`);
}

interface Fields {
  minute: ParsedField;
  hour: ParsedField;
  dayOfMonth: ParsedField;
  month: ParsedField;
  dayOfWeek: ParsedField;
}

function parseFields(expression: string): Fields {
  const texts = expression === "" ? [] : expression.split(FIELD_SEPARATOR);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = texts;
  if (
    texts.length !== FIELD_COUNT ||
    minute === undefined ||
    hour === undefined ||
    dayOfMonth === undefined ||
    month === undefined ||
    dayOfWeek === undefined
  ) {
    throw fieldCountError(texts.length);
  }
  return {
    minute: parseField(minute, MINUTE),
    hour: parseField(hour, HOUR),
    dayOfMonth: parseField(dayOfMonth, DAY_OF_MONTH),
    month: parseField(month, MONTH),
    dayOfWeek: parseField(dayOfWeek, DAY_OF_WEEK),
  };
}

function fieldCountError(count: number): CronExpressionError {
  const expected = `${FIELD_COUNT} fields (${FIELD_ORDER})`;
  if (count === 0) {
    return new CronExpressionError("expression is empty", `${expected} or one of ${MACRO_NAMES}`);
  }
  // sqsd's parser drops a sixth field without a word, so `*/30 * * * * *`, meant as "every 30
  // seconds", would run every 30 minutes there. Better to refuse it here.
  const sixthFieldNote =
    count === FIELD_COUNT + 1 ? ". sqsd ignores a sixth field, so seconds are not supported" : "";
  return new CronExpressionError(`expression has ${count} fields`, `${expected}${sixthFieldNote}`);
}

/**
 * A restricted day-of-week always matches some day of every month. Otherwise the day-of-month
 * must exist in at least one chosen month, or sqsd would wait forever (`0 0 30 2 *`).
 */
function canEverMatch(fields: Fields): boolean {
  if (fields.dayOfWeek.restricted) return true;
  return [...fields.month.values].some((month) =>
    [...fields.dayOfMonth.values].some((day) => day <= (MAX_DAYS_IN_MONTH[month - 1] ?? 0)),
  );
}
