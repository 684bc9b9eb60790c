/**
 * The alarms on the app's own metrics (issue 13) against src/metrics/names.ts, the job
 * registry and cron.yaml: a misspelt metric or dimension watches a metric nobody publishes; a
 * job type or task without its alarm fails unnoticed; a "no run" alarm whose window is shorter
 * than the gap between two runs fires while every run is on time. A project without any alarm on
 * the app's metrics has opted out, and is not asked for them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CronFileError, parseCronYaml, type CronEntry } from "../cron/cron-file.js";
import {
  ALL_METRIC_NAMES,
  JOB_METRIC,
  DIMENSION,
  METRICS_NAMESPACE,
  TASK_METRIC,
} from "../metrics/names.js";
import { CRON_FILE } from "./check-periodic-tasks.js";
import { EBEXTENSIONS_DIR, whereIn, type Deployment } from "./deployment.js";
import { alarmsOf, alarmsOn, thresholdOf, windowSeconds, type Alarm } from "./alarm-metrics.js";
import { longestGapSeconds, taskAlarmWindow } from "../eb/alarm-window.js";

const JOB_METRIC_NAMES: readonly string[] = Object.values(JOB_METRIC);

export async function checkAppAlarms(
  deployment: Deployment,
  jobNames: readonly string[],
): Promise<string[]> {
  const { root, ebextensions } = deployment;
  const alarms = alarmsOf(ebextensions).filter((alarm) =>
    alarm.metrics.some((metric) => metric.namespace === METRICS_NAMESPACE),
  );
  if (alarms.length === 0) return [];
  const problems = alarms.flatMap((alarm) => checkNames(root, alarm));

  for (const job of jobNames) {
    const found = alarmsOn(alarms, METRICS_NAMESPACE, JOB_METRIC.failed, {
      name: DIMENSION.jobType,
      value: job,
    });
    if (found.length === 0) {
      problems.push(
        `${EBEXTENSIONS_DIR}: expected a failure-rate alarm for the job type "${job}" (${JOB_METRIC.failed} with ${DIMENSION.jobType} ${job}, like those in 41-job-alarms.config), got none. Its failures would go unnoticed.`,
      );
    }
    for (const alarm of found) {
      const threshold = thresholdOf(alarm);
      if (
        alarm.properties.Metrics !== undefined &&
        threshold !== undefined &&
        !(threshold > 0 && threshold < 1)
      ) {
        problems.push(
          `${whereIn(root, alarm.located)}: expected ${alarm.name}'s Threshold between 0 and 1 (a fraction of the runs), got ${threshold}. A failure rate never exceeds 1, so it could never fire.`,
        );
      }
    }
  }

  for (const entry of await cronEntries(root)) {
    const found = alarmsOn(alarms, METRICS_NAMESPACE, TASK_METRIC.runs, {
      name: DIMENSION.task,
      value: entry.name,
    });
    const gap = longestGapSeconds(entry.schedule);
    // A schedule whose runs are further apart than CloudWatch's longest window cannot be watched.
    if (found.length === 0 && taskAlarmWindow(gap) !== undefined) {
      problems.push(
        `${CRON_FILE}:${entry.line}: expected an alarm when the task "${entry.name}" does not run for longer than its schedule (${TASK_METRIC.runs} with ${DIMENSION.task} ${entry.name}, Period × EvaluationPeriods above ${gap} s, like the one in 41-job-alarms.config), got none.`,
      );
    }
    for (const alarm of found) {
      const window = windowSeconds(alarm);
      if (window !== undefined && window <= gap) {
        problems.push(
          `${whereIn(root, alarm.located)}: expected ${alarm.name}'s Period × EvaluationPeriods above ${gap} s, the longest gap between two runs of "${entry.expression}" (${CRON_FILE}:${entry.line}), got ${window} s. It would fire between two runs that are on time.`,
        );
      }
    }
  }
  return problems;
}

/** Metric names and dimensions the app does not publish. */
function checkNames(root: string, alarm: Alarm): string[] {
  const where = whereIn(root, alarm.located);
  return alarm.metrics
    .filter((metric) => metric.namespace === METRICS_NAMESPACE)
    .flatMap((metric) => {
      if (!ALL_METRIC_NAMES.includes(metric.metricName)) {
        return [
          `${where}: expected ${alarm.name} to watch a metric the app publishes (${ALL_METRIC_NAMES.join(", ")}; src/metrics/names.ts), got ${metric.metricName}. It would wait for data that never comes.`,
        ];
      }
      const expected = JOB_METRIC_NAMES.includes(metric.metricName)
        ? DIMENSION.jobType
        : DIMENSION.task;
      const names = Object.keys(metric.dimensions);
      if (names.length === 1 && names[0] === expected) return [];
      return [
        `${where}: expected ${alarm.name}'s ${metric.metricName} with the one dimension ${expected}, got ${names.length === 0 ? "none" : names.join(", ")}. CloudWatch keeps one metric per dimension set, and the app publishes only that one.`,
      ];
    });
}

/** cron.yaml's entries; none when it is missing or broken (check-periodic-tasks.ts reports that). */
async function cronEntries(root: string): Promise<CronEntry[]> {
  try {
    return parseCronYaml(await readFile(path.join(root, CRON_FILE), "utf8"), CRON_FILE);
  } catch (error) {
    if (error instanceof CronFileError) return [];
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}
