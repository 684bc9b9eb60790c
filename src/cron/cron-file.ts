/**
 * Reads cron.yaml, the periodic-task schedule sqsd loads from the bundle root (docs/protocol.md
 * §3.1), and checks it more strictly than sqsd does, so a mistake fails at start-up with its
 * line number instead of silently on Beanstalk.
 *
 *     version: 1
 *     cron:
 *       - name: nightly-report
 *         url: /tasks/nightly-report
 *         schedule: "0 23 * * *"
 */
import { readFile } from "node:fs/promises";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Pair, type YAMLMap } from "yaml";
import { readEntry, type CronEntry, type EntryContext } from "./cron-entry.js";
import { CronFileError, ProblemList } from "./cron-file-error.js";
import { describeNode, keyText, lineOf } from "./yaml-node.js";

export type { CronEntry } from "./cron-entry.js";
export { CronFileError } from "./cron-file-error.js";

/** The only cron.yaml version sqsd supports. */
export const CRON_FILE_VERSION = 1;

/** The keys at the top of the file; any other is rejected, like an entry's unknown keys. */
const TOP_LEVEL_KEYS = ["version", "cron"] as const;
const TOP_LEVEL_RULE = "a mapping with version: 1 and a cron list";
/** The yaml package's complaints about an unquoted `*` (an alias) or `@` (reserved). */
const UNQUOTED_SCHEDULE_SYMPTOM = /alias|reserved character/i;
const CRON_LIST_RULE = "a list of tasks (write cron: [] for none)";

/**
 * Parses cron.yaml's text. Throws one CronFileError listing every problem found. An empty
 * `cron: []` is valid and means no periodic tasks.
 */
export function parseCronYaml(text: string, fileName = "cron.yaml"): CronEntry[] {
  const problems = new ProblemList(fileName);
  const entries = readDocument(text, problems);
  const found = problems.problems;
  if (found.length > 0) throw new CronFileError(fileName, found);
  return entries;
}

/**
 * Reads and parses the file at `path` (messages name it as given). Returns `undefined` when the
 * file does not exist, so the caller decides what a missing cron.yaml means: the app accepts it
 * only when it has no task handlers. Any other read error, and any problem in the file, throws.
 */
export async function loadCronFile(path: string): Promise<CronEntry[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (isFileMissing(error)) return undefined;
    throw error;
  }
  return parseCronYaml(text, path);
}

function readDocument(text: string, problems: ProblemList): CronEntry[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    // One error per line: the parser's follow-on errors on the same line add nothing.
    const reportedLines = new Set<number>();
    for (const error of document.errors) {
      const line = lineCounter.linePos(error.pos[0]).line;
      if (reportedLines.has(line)) continue;
      reportedLines.add(line);
      if (error.code === "MULTIPLE_DOCS") {
        problems.add(line, "a second YAML document starts here", "one YAML document");
      } else {
        problems.add(line, error.message, yamlExpectation(error.message));
      }
    }
    return [];
  }
  const top = document.contents;
  if (!isMap(top)) {
    const what = top === null ? "the file is empty" : `the top level is ${describeNode(top)}`;
    problems.add(lineOf(top, lineCounter), what, TOP_LEVEL_RULE);
    return [];
  }
  const file: FileContext = { lineCounter, problems, topLine: lineOf(top, lineCounter) };
  const pairs = topLevelPairs(top, file);
  checkVersion(pairs.get("version"), file);
  return readCronList(pairs.get("cron"), file);
}

/** What the checks below share; `topLine` is where problems of the file as a whole are reported. */
interface FileContext {
  lineCounter: LineCounter;
  problems: ProblemList;
  topLine: number;
}

function topLevelPairs(top: YAMLMap, { lineCounter, problems }: FileContext): Map<string, Pair> {
  const pairs = new Map<string, Pair>();
  for (const pair of top.items) {
    const key = keyText(pair.key);
    if ((TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      pairs.set(key, pair);
    } else {
      problems.add(
        lineOf(pair.key, lineCounter),
        `unsupported key "${key}"`,
        "only version and cron",
      );
    }
  }
  return pairs;
}

function checkVersion(
  pair: Pair | undefined,
  { lineCounter, problems, topLine }: FileContext,
): void {
  if (pair === undefined) {
    problems.add(
      topLine,
      "version is missing",
      `version: ${CRON_FILE_VERSION} (sqsd refuses a cron.yaml without it and runs no periodic task)`,
    );
    return;
  }
  const node = pair.value;
  if (!isScalar(node) || node.value !== CRON_FILE_VERSION) {
    problems.add(
      lineOf(node, lineCounter, topLine),
      `version is ${describeNode(node)}`,
      `${CRON_FILE_VERSION}, the only version sqsd supports`,
    );
  }
}

function readCronList(
  pair: Pair | undefined,
  { lineCounter, problems, topLine }: FileContext,
): CronEntry[] {
  if (pair === undefined) {
    problems.add(topLine, "cron is missing", CRON_LIST_RULE);
    return [];
  }
  if (!isSeq(pair.value)) {
    const line = lineOf(pair.value ?? pair.key, lineCounter, topLine);
    problems.add(line, `cron is ${describeNode(pair.value)}`, CRON_LIST_RULE);
    return [];
  }
  const context: EntryContext = { lineCounter, problems, seenNames: new Map() };
  return pair.value.items.flatMap((node, index) => readEntry(node, index, context) ?? []);
}

/** An unquoted schedule starting with `*` reads as a YAML alias, one with `@` as reserved: say to quote it. */
function yamlExpectation(yamlMessage: string): string {
  return UNQUOTED_SCHEDULE_SYMPTOM.test(yamlMessage)
    ? 'valid YAML, with a schedule that starts with * or @ in quotes, such as "*/5 * * * *"'
    : "valid YAML";
}

function isFileMissing(error: unknown): boolean {
  return error instanceof Error && "code" in error && error.code === "ENOENT";
}
