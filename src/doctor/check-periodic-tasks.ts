/**
 * Periodic tasks: cron.yaml must be where sqsd reads it (the bundle root), parse with
 * `version: 1`, agree with the task registry both ways (with the UTC entries generated for tasks
 * that declare a schedule, such as one in a time zone), and the worker queue must not be FIFO
 * (docs/protocol.md §3.1, §5.6). Otherwise sqsd ignores the file and no task ever runs, or POSTs
 * tasks nobody serves.
 */
import { readdir } from "node:fs/promises";
import { readIfExists } from "../read-if-exists.js";
import path from "node:path";
import { checkCronAgainstTasks, type CheckedTask } from "../cron/check-tasks.js";
import { CronFileError, parseCronYaml, type CronEntry } from "../cron/cron-file.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import type { Deployment } from "./deployment.js";

/** sqsd reads exactly this file at the root of the source bundle. */
export const CRON_FILE = "cron.yaml";

/** Folders never deployed or never holding a schedule; not searched for a misplaced cron.yaml. */
const NOT_SEARCHED = new Set([
  "node_modules",
  ".git",
  "dist",
  "bundle",
  "coverage",
  "test",
  "outbox",
]);

export async function checkPeriodicTasks(
  deployment: Deployment,
  tasks: readonly CheckedTask[],
): Promise<string[]> {
  const taskNames = tasks.map((task) => (typeof task === "string" ? task : task.name));
  const { root, app, sqsd } = deployment;
  const problems: string[] = [];
  if (app.cronFile.value !== CRON_FILE) {
    problems.push(
      `${app.cronFile.where}: expected WORKER_CRON_FILE to be "${CRON_FILE}" (sqsd reads only the bundle root's cron.yaml), got "${app.cronFile.value}". The app would check a schedule sqsd never runs.`,
    );
  }

  const text = await readIfExists(path.join(root, CRON_FILE));
  if (text === undefined) {
    const misplaced = await findFiles(root, CRON_FILE, 3);
    for (const file of misplaced) {
      problems.push(
        `${file}: expected cron.yaml at the project root, where sqsd reads it; this one is ignored.`,
      );
    }
    if (taskNames.length > 0) {
      problems.push(
        `${CRON_FILE}: file not found at the project root; expected it to schedule the task handlers ${taskNames.join(", ")}`,
      );
    }
    return problems;
  }

  let entries: CronEntry[];
  try {
    entries = parseCronYaml(text, CRON_FILE);
  } catch (error) {
    if (!(error instanceof CronFileError)) throw error;
    return [...problems, ...error.problems];
  }
  problems.push(...checkCronAgainstTasks(entries, tasks, CRON_FILE));

  const queueUrl = sqsd.WorkerQueueURL;
  if (entries.length > 0 && typeof queueUrl.value === "string" && isFifoQueueUrl(queueUrl.value)) {
    problems.push(
      `${queueUrl.where}: expected a standard queue as WorkerQueueURL while cron.yaml schedules tasks, got the FIFO queue ${queueUrl.value}. Beanstalk does not support periodic tasks on FIFO queues, so cron.yaml would be ignored.`,
    );
  }
  return problems;
}

/** Files named `name` below `root` (not at the root itself), relative paths, up to `depth` folders down. */
async function findFiles(
  root: string,
  name: string,
  depth: number,
  folder = "",
): Promise<string[]> {
  if (depth === 0) return [];
  const found: string[] = [];
  for (const entry of await readdir(path.join(root, folder), { withFileTypes: true })) {
    const relative = path.join(folder, entry.name);
    if (entry.isDirectory() && !NOT_SEARCHED.has(entry.name)) {
      found.push(...(await findFiles(root, name, depth - 1, relative)));
    } else if (entry.isFile() && entry.name === name && folder !== "") {
      found.push(relative);
    }
  }
  return found.sort();
}
