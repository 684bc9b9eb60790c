import type { ScheduledTask } from "../protocol/headers.js";
import type {
  Clients,
  HandlerContext,
  NothingDeclared,
  Settings,
} from "../modules/handler-context.js";

/** What a periodic task's handler receives. */
export interface TaskContext<
  S extends Settings = Settings,
  C extends Clients = Clients,
> extends HandlerContext<S, C> {
  /** The task's name and the minute it was scheduled for. */
  task: ScheduledTask;
}

export interface TaskDefinition<
  Name extends string = string,
  S extends Settings = Settings,
  C extends Clients = Clients,
> {
  /** The task's `name` in cron.yaml, matching NAME_PATTERN; served at `/tasks/<name>`. */
  name: Name;
  /** This task's time limit. @default WORKER_JOB_TIMEOUT_SECONDS */
  timeoutSeconds?: number;
  /** Environment variables this task reads (see src/modules/settings.ts). @default none */
  settings?: S;
  /** Clients this task uses (see src/modules/clients.ts). @default none */
  clients?: C;
  /** Runs once per (name, scheduled-at) on this instance; a redelivery after success is skipped. */
  run(context: TaskContext<S, C>): Promise<void>;
}

export function defineTask<
  Name extends string,
  S extends Settings = NothingDeclared,
  C extends Clients = NothingDeclared,
>(definition: TaskDefinition<Name, S, C>): TaskDefinition<Name, S, C> {
  return definition;
}
