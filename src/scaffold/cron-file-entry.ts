/**
 * Adds one task to cron.yaml's text, leaving every other line (comments, blank lines, quoting)
 * as it was: the new entry goes after the last one, indented like the first, or replaces an
 * empty `cron: []`. The file must parse before and after.
 */
import { isSeq, LineCounter, parseDocument } from "yaml";
import { CronFileError, parseCronYaml } from "../cron/cron-file.js";
import { ScaffoldError } from "./scaffold-error.js";

export interface NewCronEntry {
  name: string;
  url: string;
  /** Already checked by the cron parser. */
  schedule: string;
}

function entryLines({ name, url, schedule }: NewCronEntry, indent: string): string {
  return [`- name: ${name}`, `  url: ${url}`, `  schedule: ${JSON.stringify(schedule)}`]
    .map((line) => `${indent}${line}`)
    .join("\n");
}

/** A new cron.yaml holding just this task, for a project that has none yet. */
export function newCronFile(entry: NewCronEntry): string {
  return `# Periodic tasks (schedules are UTC); see src/tasks/index.ts.\nversion: 1\ncron:\n${entryLines(entry, "  ")}\n`;
}

export function addCronEntry(text: string, entry: NewCronEntry, fileName = "cron.yaml"): string {
  // Throws CronFileError naming the line: a broken file is fixed by hand before adding to it.
  const existing = parseCronYaml(text, fileName);
  const clash = existing.find((task) => task.name === entry.name);
  if (clash) {
    throw new ScaffoldError(
      `Expected a task name ${fileName} does not use yet, got "${entry.name}" (${fileName}:${clash.line})`,
      "refused",
    );
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  const list = document.get("cron", true);
  if (!isSeq(list) || list.range === undefined || list.range === null) {
    throw new ScaffoldError(`Expected ${fileName} to have a cron list, got none`);
  }
  const [start, end] = list.range;
  let updated: string;
  if (list.flow) {
    if (list.items.length > 0) {
      throw new ScaffoldError(
        `Expected ${fileName}'s cron list to be written one task per "- name:" item (or as cron: []), got a [...] list; add ${entry.name} by hand`,
      );
    }
    updated = `${text.slice(0, start).trimEnd()}\n${entryLines(entry, "  ")}${text.slice(end)}`;
  } else {
    const column = lineCounter.linePos(start).col - 1;
    const last = list.items.at(-1) as { range?: [number, number, number] } | undefined;
    // The item's range may run past its own line break; step back to its last character.
    let afterLast = last?.range?.[1] ?? end;
    while (afterLast > start && /\s/.test(text.charAt(afterLast - 1))) afterLast -= 1;
    const lineEnd = text.indexOf("\n", afterLast);
    const at = lineEnd === -1 ? text.length : lineEnd;
    const lines = entryLines(entry, " ".repeat(column));
    updated = `${text.slice(0, at)}\n${lines}${text.slice(at)}`;
  }
  if (!updated.endsWith("\n")) updated += "\n";
  try {
    parseCronYaml(updated, fileName);
  } catch (error) {
    if (!(error instanceof CronFileError)) throw error;
    throw new ScaffoldError(
      `Expected ${fileName} to stay valid with ${entry.name} added, got:\n${error.message}`,
    );
  }
  return updated;
}
