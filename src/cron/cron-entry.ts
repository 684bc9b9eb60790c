/**
 * One item of cron.yaml's `cron` list: `{ name, url, schedule }` checked and turned into a
 * CronEntry, or problems recorded against the lines at fault.
 */
import { isMap, isScalar, type LineCounter, type Pair, type YAMLMap } from "yaml";
import { NAME_PATTERN } from "../jobs/define-job.js";
import { CronExpressionError, parseCronExpression, type CronSchedule } from "./cron-expression.js";
import type { ProblemList } from "./cron-file-error.js";
import { describeNode, keyText, lineOf } from "./yaml-node.js";

export interface CronEntry {
  /** Unique; sqsd sends it as `X-Aws-Sqsd-Taskname`. Matches NAME_PATTERN. */
  name: string;
  /** The path sqsd POSTs to when the task is due. */
  url: string;
  schedule: CronSchedule;
  /** The schedule as written. */
  expression: string;
  /** The line where the entry starts, for messages. */
  line: number;
}

/**
 * The keys an entry may have. sqsd ignores any other key, but we reject them: a typo such as
 * `shedule` would otherwise pass here and fail only on Beanstalk, where the whole file is refused
 * for the missing `schedule`.
 */
export const ENTRY_KEYS = ["name", "url", "schedule"] as const;
type EntryKey = (typeof ENTRY_KEYS)[number];

/** A task url: an absolute path, without spaces, query or fragment. */
export const URL_PATH_PATTERN = /^\/[^\s?#]*$/;

const NAME_RULE = "lowercase words joined by hyphens, such as nightly-report";
const URL_RULE =
  "a path starting with / (no spaces, query or fragment), such as /tasks/nightly-report";
const SCHEDULE_RULE = 'a cron expression in quotes, such as "0 23 * * *"';
const KEYS_RULE = "name, url and schedule";

export interface EntryContext {
  lineCounter: LineCounter;
  problems: ProblemList;
  /** Names already seen and the line of each, to report duplicates. */
  seenNames: Map<string, number>;
}

/** Returns the entry when it is valid; otherwise records why not and returns undefined. */
export function readEntry(
  node: unknown,
  index: number,
  context: EntryContext,
): CronEntry | undefined {
  const { lineCounter, problems } = context;
  const line = lineOf(node, lineCounter);
  if (!isMap(node)) {
    const what = `task ${index + 1} is ${describeNode(node)}`;
    problems.add(line, what, `a mapping with keys ${KEYS_RULE}`);
    return undefined;
  }
  const pairs = supportedPairs(node, line, context);
  const missing = ENTRY_KEYS.filter((key) => !pairs.has(key));
  if (missing.length > 0) {
    const what = `${taskLabel(pairs.get("name"), index)} is missing ${joinWithAnd(missing)}`;
    problems.add(line, what, `all of ${KEYS_RULE}`);
  }
  const value = (key: EntryKey) => pairs.get(key)?.value;
  const valueLine = (key: EntryKey) => lineOf(value(key), lineCounter, line);

  const name = pairs.has("name") ? readName(value("name"), valueLine("name"), context) : undefined;
  const url = pairs.has("url") ? readUrl(value("url"), valueLine("url"), problems) : undefined;
  const schedule = pairs.has("schedule")
    ? readSchedule(value("schedule"), valueLine("schedule"), problems)
    : undefined;
  if (name === undefined || url === undefined || schedule === undefined) return undefined;
  return { name, url, schedule, expression: schedule.expression, line };
}

/** The entry's name, url and schedule pairs; any other key is reported. */
function supportedPairs(entry: YAMLMap, line: number, context: EntryContext): Map<EntryKey, Pair> {
  const pairs = new Map<EntryKey, Pair>();
  for (const pair of entry.items) {
    const key = keyText(pair.key);
    if (isEntryKey(key)) {
      pairs.set(key, pair);
    } else {
      const keyLine = lineOf(pair.key, context.lineCounter, line);
      context.problems.add(keyLine, `unsupported key "${key}"`, `only ${KEYS_RULE}`);
    }
  }
  return pairs;
}

function readName(node: unknown, line: number, context: EntryContext): string | undefined {
  const name = stringValue(node);
  if (name === undefined || !NAME_PATTERN.test(name)) {
    context.problems.add(line, `name is ${describeNode(node)}`, NAME_RULE);
    return undefined;
  }
  const firstLine = context.seenNames.get(name);
  if (firstLine !== undefined) {
    context.problems.add(
      line,
      `name "${name}" is already used on line ${firstLine}`,
      "a name no other task uses",
    );
    return undefined;
  }
  context.seenNames.set(name, line);
  return name;
}

function readUrl(node: unknown, line: number, problems: ProblemList): string | undefined {
  const url = stringValue(node);
  if (url === undefined || !URL_PATH_PATTERN.test(url)) {
    problems.add(line, `url is ${describeNode(node)}`, URL_RULE);
    return undefined;
  }
  return url;
}

function readSchedule(
  node: unknown,
  line: number,
  problems: ProblemList,
): CronSchedule | undefined {
  const expression = stringValue(node);
  if (expression === undefined) {
    problems.add(line, `schedule is ${describeNode(node)}`, SCHEDULE_RULE);
    return undefined;
  }
  try {
    return parseCronExpression(expression);
  } catch (error) {
    if (!(error instanceof CronExpressionError)) throw error;
    problems.addMessage(line, `schedule "${expression}": ${error.message}`);
    return undefined;
  }
}

/** `task "nightly-report"` when the entry has a string name, else `task 3` (1-based). */
function taskLabel(namePair: Pair | undefined, index: number): string {
  const name = stringValue(namePair?.value);
  return name === undefined || name === "" ? `task ${index + 1}` : `task "${name}"`;
}

function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** `a`, `a and b`, `a, b and c`. */
function joinWithAnd(words: readonly string[]): string {
  return words.length <= 1
    ? words.join("")
    : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

function isEntryKey(key: string): key is EntryKey {
  return (ENTRY_KEYS as readonly string[]).includes(key);
}
