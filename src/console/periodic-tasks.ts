/** The periodic tasks of cron.yaml as the console lists them, each with its next run (UTC). */
import { loadCronFile } from "../cron/cron-file.js";

export interface TaskView {
  name: string;
  url: string;
  /** The schedule as written in cron.yaml. */
  schedule: string;
  /** ISO time of the next run after `now`. */
  nextRunAt: string;
}

export interface TasksView {
  tasks: TaskView[];
  /** Why cron.yaml could not be read (the daemon keeps its previous schedule then). */
  problem: string | undefined;
}

/** Read afresh each time: cron.yaml may have been edited, and reading it is cheap. */
export async function readTasks(cronFile: string, now = new Date()): Promise<TasksView> {
  try {
    const entries = (await loadCronFile(cronFile)) ?? [];
    return {
      tasks: entries.map((entry) => ({
        name: entry.name,
        url: entry.url,
        schedule: entry.expression,
        nextRunAt: entry.schedule.nextAfter(now).toISOString(),
      })),
      problem: undefined,
    };
  } catch (error) {
    return { tasks: [], problem: error instanceof Error ? error.message : String(error) };
  }
}
