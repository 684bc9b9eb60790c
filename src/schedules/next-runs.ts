/**
 * Each periodic task's next run, in UTC and in the task's own zone, for the local loop and
 * `sqs-worker task list`. A task that declares a schedule is computed from it (local-schedule.ts,
 * the rule the app applies); any other from its cron.yaml entry, in UTC.
 */
import type { CronEntry } from "../cron/cron-entry.js";
import { formatHeaderTimestamp } from "../protocol/timestamps.js";
import { localScheduleOf, timingProblems, UTC, type TimingDeclaration } from "./task-timing.js";
import { formatInZone } from "./zone-clock.js";

export interface NextRun {
  name: string;
  /** When the next run is due. */
  at: Date;
  /** The zone the task's schedule is read in. */
  timeZone: string;
  /** The schedule it is computed from: the task's own, or cron.yaml's. */
  schedule: string;
  /** cron.yaml's UTC expression, when the task has an entry. */
  cronExpression: string | undefined;
}

export function nextRuns(
  entries: readonly CronEntry[],
  tasks: readonly TimingDeclaration[],
  now = new Date(),
): NextRun[] {
  const declared = new Map(tasks.map((task) => [task.name, task]));
  const names = [...new Set([...entries.map((entry) => entry.name), ...declared.keys()])];
  return names.flatMap((name): NextRun[] => {
    const task = declared.get(name);
    const entry = entries.find((candidate) => candidate.name === name);
    const local = task && timingProblems(task).length === 0 ? localScheduleOf(task) : undefined;
    if (local) {
      return [
        {
          name,
          at: local.nextAfter(now),
          timeZone: local.timeZone,
          schedule: local.cron.expression,
          cronExpression: entry?.expression,
        },
      ];
    }
    if (!entry) return [];
    return [
      {
        name,
        at: entry.schedule.nextAfter(now),
        timeZone: UTC,
        schedule: entry.expression,
        cronExpression: entry.expression,
      },
    ];
  });
}

/**
 * `morning-report: next run 2027-06-02T07:00:00Z, 2027-06-02 09:00 Europe/Berlin (UTC+02:00);
 * "0 9 * * *" in Europe/Berlin, cron.yaml "0 7,8 * * *"`.
 */
export function describeNextRun(run: NextRun): string {
  const local = run.timeZone === UTC ? "" : `, ${formatInZone(run.at, run.timeZone)}`;
  const cron =
    run.cronExpression === undefined
      ? "not in cron.yaml"
      : run.cronExpression === run.schedule && run.timeZone === UTC
        ? "cron.yaml"
        : `cron.yaml "${run.cronExpression}"`;
  return `${run.name}: next run ${formatHeaderTimestamp(run.at)}${local}; "${run.schedule}" in ${run.timeZone}, ${cron}`;
}
