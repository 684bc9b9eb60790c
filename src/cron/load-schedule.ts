/**
 * The start-up check of periodic tasks: cron.yaml must parse and agree with the task registry,
 * or the worker refuses to start (sqsd would POST tasks nobody serves, or never POST a task
 * somebody wrote, or fire a local-time task at the wrong hours). A missing cron.yaml is fine only
 * while no task handler exists.
 */
import { checkCronAgainstTasks, type CheckedTask } from "./check-tasks.js";
import { CronFileError, loadCronFile, type CronEntry } from "./cron-file.js";

export async function loadSchedule(
  cronFile: string,
  tasks: readonly CheckedTask[],
): Promise<CronEntry[]> {
  const taskNames = tasks.map((task) => (typeof task === "string" ? task : task.name));
  const entries = await loadCronFile(cronFile);
  if (entries === undefined) {
    if (taskNames.length === 0) return [];
    throw new CronFileError(cronFile, [
      `${cronFile}: file not found; expected it to schedule the task handlers ${taskNames.join(", ")}`,
    ]);
  }
  const problems = checkCronAgainstTasks(entries, tasks, cronFile);
  if (problems.length > 0) throw new CronFileError(cronFile, problems);
  return entries;
}
