/**
 * What a periodic task declares about its timing (TaskDefinition's schedule, timeZone, overlap,
 * maxLatenessSeconds), checked once at start-up and turned into what the guards need.
 */
import { CronExpressionError, parseCronExpression } from "../cron/cron-expression.js";
import type { CronEntry } from "../cron/cron-entry.js";
import { ProblemsError } from "../errors.js";
import { LocalSchedule } from "./local-schedule.js";
import { isTimeZone } from "./zone-clock.js";

/** The timing fields of a TaskDefinition (src/tasks/define-task.ts documents each). */
export interface TimingDeclaration {
  name: string;
  schedule?: string | undefined;
  timeZone?: string | undefined;
  overlap?: "allow" | "skip" | undefined;
  maxLatenessSeconds?: number | undefined;
}

export const UTC = "UTC";

export interface TaskTiming {
  /** The declared schedule in its zone (UTC unless timeZone says otherwise); none when cron.yaml alone decides. */
  local: LocalSchedule | undefined;
  /** The next run after a time: from the declared schedule, else from cron.yaml's entry, if known. */
  nextAfter: ((date: Date) => Date) | undefined;
  overlap: "allow" | "skip";
  /** Declared; otherwise the period (the time to the next run) is the limit. */
  maxLatenessMs: number | undefined;
}

export class TaskTimingError extends ProblemsError {
  override name = "TaskTimingError";
  constructor(problems: string[]) {
    super("periodic task timing", problems);
  }
}

/** Every broken rule of one declaration, as "Expected …, got …". */
export function timingProblems(task: TimingDeclaration): string[] {
  const problems: string[] = [];
  const what = `the periodic task "${task.name}"`;
  if (task.schedule !== undefined) {
    try {
      parseCronExpression(task.schedule);
    } catch (error) {
      if (!(error instanceof CronExpressionError)) throw error;
      problems.push(
        `Expected ${what} schedule to be a cron expression, got "${task.schedule}": ${error.message}`,
      );
    }
  }
  if (task.timeZone !== undefined) {
    if (task.schedule === undefined) {
      problems.push(
        `Expected ${what} to declare a schedule with its timeZone "${task.timeZone}", got none`,
      );
    }
    if (!isTimeZone(task.timeZone)) {
      problems.push(
        `Expected ${what} timeZone to be an IANA time zone such as "Europe/Berlin", got "${task.timeZone}"`,
      );
    }
  }
  // Checked as any value: a plain-JavaScript module, or a cast, can declare what the type forbids.
  const overlap: unknown = task.overlap;
  if (overlap !== undefined && overlap !== "allow" && overlap !== "skip") {
    problems.push(
      `Expected ${what} overlap to be "allow" or "skip", got ${JSON.stringify(overlap)}`,
    );
  }

  const lateness = task.maxLatenessSeconds;
  if (lateness !== undefined && !(Number.isFinite(lateness) && lateness > 0)) {
    problems.push(`Expected ${what} maxLatenessSeconds to be a positive number, got ${lateness}`);
  }
  return problems;
}

/** The declared schedule read in its zone; undefined when the task declares none. */
export function localScheduleOf(task: TimingDeclaration): LocalSchedule | undefined {
  if (task.schedule === undefined) return undefined;
  return new LocalSchedule(parseCronExpression(task.schedule), task.timeZone ?? UTC);
}

/**
 * The timing of every task, by name. `cronEntries`: cron.yaml as loaded at start-up, for the
 * period of tasks that declare no schedule. Throws TaskTimingError listing every problem.
 */
export function taskTimings(
  tasks: readonly TimingDeclaration[],
  cronEntries: readonly CronEntry[] = [],
): ReadonlyMap<string, TaskTiming> {
  const problems = tasks.flatMap(timingProblems);
  if (problems.length > 0) throw new TaskTimingError(problems);
  const entries = new Map(cronEntries.map((entry) => [entry.name, entry]));
  const timings = new Map<string, TaskTiming>();
  for (const task of tasks) {
    const local = localScheduleOf(task);
    const entry = entries.get(task.name);
    timings.set(task.name, {
      local,
      nextAfter: local
        ? (date) => local.nextAfter(date)
        : entry
          ? (date) => entry.schedule.nextAfter(date)
          : undefined,
      overlap: task.overlap ?? "allow",
      maxLatenessMs:
        task.maxLatenessSeconds === undefined ? undefined : task.maxLatenessSeconds * 1000,
    });
  }
  return timings;
}
