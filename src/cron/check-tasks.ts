/**
 * cron.yaml and the task registry (src/tasks/index.ts) must agree: every scheduled task has a
 * handler, every handler is scheduled, and sqsd POSTs each task to the url its route serves.
 * Pure, so start-up and tests call it the same way.
 */
import { taskUrl } from "../protocol/scheduled-job.js";
import type { CronEntry } from "./cron-entry.js";

/** Returns the problems, in the same `<file>:<line>: …; expected …` form as CronFileError. */
export function checkCronAgainstTasks(
  entries: readonly CronEntry[],
  taskNames: readonly string[],
  fileName = "cron.yaml",
): string[] {
  const problems: string[] = [];
  const handled = new Set(taskNames);
  for (const entry of entries) {
    const at = `${fileName}:${entry.line}`;
    if (!handled.has(entry.name)) {
      problems.push(
        `${at}: task "${entry.name}" has no handler; expected a module in src/tasks/ registered in src/tasks/index.ts`,
      );
    }
    const expectedUrl = taskUrl(entry.name);
    if (entry.url !== expectedUrl) {
      problems.push(
        `${at}: task "${entry.name}" has url "${entry.url}"; expected "${expectedUrl}"`,
      );
    }
  }
  const scheduled = new Set(entries.map((entry) => entry.name));
  for (const name of taskNames) {
    if (!scheduled.has(name)) {
      problems.push(
        `${fileName}: task "${name}" has a handler but no entry; expected an entry with name: ${name}, url: ${taskUrl(name)} and a schedule`,
      );
    }
  }
  return problems;
}
