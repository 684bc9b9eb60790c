import type { ScheduledTask, SqsdDelivery } from "../protocol/headers.js";
import type { Logger } from "../logger.js";
import type { Services } from "../services.js";

export interface TaskContext {
  /** The task's name and the minute it was scheduled for. */
  task: ScheduledTask;
  delivery: SqsdDelivery;
  isFinalAttempt: boolean;
  log: Logger;
  signal: AbortSignal;
  services: Services;
}

export interface TaskDefinition<Name extends string = string> {
  /** The task's `name` in cron.yaml, matching NAME_PATTERN; served at `/tasks/<name>`. */
  name: Name;
  /** This task's time limit. @default WORKER_JOB_TIMEOUT_SECONDS */
  timeoutSeconds?: number;
  /** Runs once per (name, scheduled-at) on this instance; a redelivery after success is skipped. */
  run(context: TaskContext): Promise<void>;
}

export function defineTask<Name extends string>(
  definition: TaskDefinition<Name>,
): TaskDefinition<Name> {
  return definition;
}
