/**
 * `make cron`: writes into cron.yaml's text the UTC entry of every task that declares its own
 * schedule (utc-cron.ts), leaving every other line as it was. An entry whose schedule differs gets
 * the generated one in its place; a missing entry is added after the last.
 */
import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { parseCronYaml } from "../cron/cron-file.js";
import { taskUrl } from "../protocol/scheduled-job.js";
import { addCronEntry, newCronFile } from "../scaffold/cron-file-entry.js";
import { TaskTimingError, timingProblems, UTC, type TimingDeclaration } from "./task-timing.js";
import { utcCronFor } from "./utc-cron.js";

export interface CronChange {
  name: string;
  /** The entry's schedule before; undefined when the entry was added. */
  from: string | undefined;
  to: string;
  /** `0 9 * * * in Europe/Berlin`. */
  declared: string;
}

export interface CronUpdate {
  text: string;
  changes: CronChange[];
}

/**
 * `text`: cron.yaml's text, or undefined when there is none yet. Throws TaskTimingError for a
 * declaration that breaks a rule, CronFileError (naming the line) for a cron.yaml with problems.
 */
export function writeCronEntries(
  text: string | undefined,
  tasks: readonly TimingDeclaration[],
  now = new Date(),
  fileName = "cron.yaml",
): CronUpdate {
  const problems = tasks.flatMap(timingProblems);
  if (problems.length > 0) throw new TaskTimingError(problems);
  const declared = tasks.flatMap((task) =>
    task.schedule === undefined
      ? []
      : [
          {
            name: task.name,
            to: utcCronFor(task.schedule, task.timeZone ?? UTC, now),
            declared: `${task.schedule} in ${task.timeZone ?? UTC}`,
          },
        ],
  );
  const existing = new Map(
    (text === undefined ? [] : parseCronYaml(text, fileName)).map((entry) => [entry.name, entry]),
  );
  const changes: CronChange[] = [];
  let updated =
    text === undefined ? undefined : replaceSchedules(text, declared, existing, changes);
  for (const task of declared) {
    if (existing.has(task.name)) continue;
    const entry = { name: task.name, url: taskUrl(task.name), schedule: task.to };
    updated = updated === undefined ? newCronFile(entry) : addCronEntry(updated, entry, fileName);
    changes.push({ ...task, from: undefined });
  }
  return { text: updated ?? "", changes };
}

/** Replaces the schedule values that differ, from the end of the text back, so offsets hold. */
function replaceSchedules(
  text: string,
  declared: readonly { name: string; to: string; declared: string }[],
  existing: ReadonlyMap<string, { expression: string }>,
  changes: CronChange[],
): string {
  const wanted = new Map(declared.map((task) => [task.name, task]));
  const list = parseDocument(text).get("cron", true);
  if (!isSeq(list)) return text;
  const edits: { start: number; end: number; task: (typeof declared)[number] }[] = [];
  for (const item of list.items) {
    if (!isMap(item)) continue;
    const task = wanted.get(String(item.get("name")));
    const schedule = item.get("schedule", true);
    if (!task || !isScalar(schedule) || !schedule.range) continue;
    if (existing.get(task.name)?.expression === task.to) continue;
    edits.push({ start: schedule.range[0], end: schedule.range[1], task });
  }
  let result = text;
  for (const { start, end, task } of edits.sort((a, b) => b.start - a.start)) {
    result = `${result.slice(0, start)}${JSON.stringify(task.to)}${result.slice(end)}`;
    changes.push({ ...task, from: existing.get(task.name)?.expression });
  }
  changes.reverse();
  return result;
}
