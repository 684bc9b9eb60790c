/**
 * One field of a cron expression (`1-5`, `*\/15`, `jan,jul`, `mon-fri`) turned into the set of
 * values it allows. The patterns live in cron-syntax.ts; the rules and their messages live here.
 */
import { CronExpressionError } from "./cron-expression-error.js";
import {
  DAY_NAMES,
  ITEM_FORMS,
  LIST_SEPARATOR,
  MONTH_NAMES,
  RANGE_ITEM,
  SINGLE_ITEM,
  SINGLE_VALUE_STEP_ITEM,
  WHOLE_NUMBER,
  WILDCARD_ITEM,
} from "./cron-syntax.js";

export interface FieldSpec {
  /** The field's name in messages. */
  name: "minute" | "hour" | "day-of-month" | "month" | "day-of-week";
  min: number;
  max: number;
  /** Names accepted instead of numbers; `names[0]` stands for `min`. */
  names?: readonly string[];
  /** What values the field allows, for messages. */
  allowed: string;
}

export const MINUTE: FieldSpec = { name: "minute", min: 0, max: 59, allowed: "0-59" };
export const HOUR: FieldSpec = { name: "hour", min: 0, max: 23, allowed: "0-23" };
export const DAY_OF_MONTH: FieldSpec = { name: "day-of-month", min: 1, max: 31, allowed: "1-31" };
export const MONTH: FieldSpec = {
  name: "month",
  min: 1,
  max: 12,
  names: MONTH_NAMES,
  allowed: "1-12 or jan-dec",
};
/** Sunday is both 0 and 7 (so `5-7` is Friday to Sunday); 7 is stored as 0. */
export const DAY_OF_WEEK: FieldSpec = {
  name: "day-of-week",
  min: 0,
  max: 7,
  names: DAY_NAMES,
  allowed: "0-7 (0 and 7 are Sunday) or sun-sat",
};

const SUNDAY = 0;
const SUNDAY_AS_SEVEN = 7;

export interface ParsedField {
  values: ReadonlySet<number>;
  /**
   * False only when the field is exactly `*`. parse-cron decides Vixie's "either day field
   * matches" rule on this, so `*\/2` counts as restricted, unlike in Vixie cron itself.
   */
  restricted: boolean;
}

export function parseField(text: string, spec: FieldSpec): ParsedField {
  const values = new Set<number>();
  for (const item of text.split(LIST_SEPARATOR)) {
    for (const value of parseItem(item, spec)) {
      values.add(spec === DAY_OF_WEEK && value === SUNDAY_AS_SEVEN ? SUNDAY : value);
    }
  }
  return { values, restricted: text !== "*" };
}

function parseItem(item: string, spec: FieldSpec): number[] {
  const wildcard = WILDCARD_ITEM.exec(item);
  if (wildcard) return stepThrough(spec.min, spec.max, parseStep(wildcard.groups?.step, spec));

  const range = RANGE_ITEM.exec(item);
  if (range?.groups) {
    const { start = "", end = "", step } = range.groups;
    const from = parseValue(start, spec);
    const to = parseValue(end, spec);
    if (from > to) {
      const sundayHint =
        spec === DAY_OF_WEEK ? ", with Sunday as 7 at the end of a range (5-7)" : "";
      throw new CronExpressionError(
        `${spec.name} range ${start}-${end} runs backwards`,
        `the lower value first${sundayHint}`,
      );
    }
    return stepThrough(from, to, parseStep(step, spec));
  }

  const singleStep = SINGLE_VALUE_STEP_ITEM.exec(item);
  if (singleStep?.groups) {
    const { value = "", step = "" } = singleStep.groups;
    throw new CronExpressionError(
      `${spec.name} "${item}" steps from a single value`,
      `a step over a range, such as */${step} or ${value}-${spec.max}/${step}`,
    );
  }

  const single = SINGLE_ITEM.exec(item);
  if (single?.groups) return [parseValue(single.groups.value ?? "", spec)];

  const what = item === "" ? "has an empty item" : `"${item}" is not valid`;
  throw new CronExpressionError(`${spec.name} ${what}`, ITEM_FORMS);
}

function parseValue(text: string, spec: FieldSpec): number {
  if (WHOLE_NUMBER.test(text)) {
    const value = Number(text);
    if (value < spec.min || value > spec.max) {
      throw new CronExpressionError(`${spec.name} ${text} is out of range`, spec.allowed);
    }
    return value;
  }
  const nameIndex = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (nameIndex >= 0) return spec.min + nameIndex;
  throw new CronExpressionError(`${spec.name} "${text}" is not a valid value`, spec.allowed);
}

/** A step may skip at most the whole span of the field: `*\/60` in minutes is a mistake. */
function parseStep(text: string | undefined, spec: FieldSpec): number {
  if (text === undefined) return 1;
  const largest = spec.max - spec.min;
  const step = Number(text);
  if (!WHOLE_NUMBER.test(text) || step < 1 || step > largest) {
    throw new CronExpressionError(`${spec.name} step "${text}" is not valid`, `1-${largest}`);
  }
  return step;
}

function stepThrough(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let value = from; value <= to; value += step) values.push(value);
  return values;
}
