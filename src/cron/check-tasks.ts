/**
 * cron.yaml and the task registry (src/tasks/index.ts) must agree: every scheduled task has a
 * handler, every handler is scheduled, sqsd POSTs each task to the url its route serves, and a
 * task that declares its own schedule (in a time zone or UTC) has the UTC entry generated from it.
 * Pure, so start-up, doctor and tests call it the same way.
 */
import { taskUrl } from "../protocol/scheduled-job.js";
import { timingProblems, UTC } from "../schedules/task-timing.js";
import { utcCronFor } from "../schedules/utc-cron.js";
import type { CronEntry } from "./cron-entry.js";

/** A task as the check sees it: its name, or its name with the schedule it declares. */
export type CheckedTask =
  string | { name: string; schedule?: string | undefined; timeZone?: string | undefined };

/** The command that writes the entries of tasks that declare a schedule. */
export const MAKE_CRON_COMMAND = "npm run cli -- make cron";

/** Returns the problems, in the same `<file>:<line>: …; expected …` form as CronFileError. */
export function checkCronAgainstTasks(
  entries: readonly CronEntry[],
  tasks: readonly CheckedTask[],
  fileName = "cron.yaml",
  now = new Date(),
): string[] {
  const problems: string[] = [];
  const declared = new Map(
    tasks.map((task) => (typeof task === "string" ? [task, { name: task }] : [task.name, task])),
  );
  for (const entry of entries) {
    const at = `${fileName}:${entry.line}`;
    const task = declared.get(entry.name);
    if (!task) {
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
    const generated = task && generatedSchedule(task, now);
    if (generated && entry.expression !== generated.expression) {
      problems.push(
        `${at}: task "${entry.name}" has schedule "${entry.expression}"; expected "${generated.expression}", ${generated.why} (${MAKE_CRON_COMMAND} writes it)`,
      );
    }
  }
  const scheduled = new Set(entries.map((entry) => entry.name));
  for (const task of declared.values()) {
    if (scheduled.has(task.name)) continue;
    const generated = generatedSchedule(task, now);
    const schedule = generated
      ? `schedule: "${generated.expression}" (${MAKE_CRON_COMMAND} writes it)`
      : "a schedule";
    problems.push(
      `${fileName}: task "${task.name}" has a handler but no entry; expected an entry with name: ${task.name}, url: ${taskUrl(task.name)} and ${schedule}`,
    );
  }
  return problems;
}

/** The UTC expression a task's own schedule needs in cron.yaml; none when it declares none (or a broken one, reported at start-up). */
function generatedSchedule(
  task: Exclude<CheckedTask, string>,
  now: Date,
): { expression: string; why: string } | undefined {
  if (task.schedule === undefined || timingProblems(task).length > 0) return undefined;
  const zone = task.timeZone ?? UTC;
  return {
    expression: utcCronFor(task.schedule, zone, now),
    why: `the UTC times of "${task.schedule}" in ${zone}`,
  };
}
