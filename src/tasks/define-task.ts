import type { ScheduledTask, SqsdDelivery } from "../protocol/headers.js";
import type { Logger } from "../logger.js";
import type { ClientInstances, Clients, NoClients } from "../modules/clients.js";
import type { NoSettings, SettingValues, Settings } from "../modules/settings.js";

export interface TaskContext<S extends Settings = Settings, C extends Clients = Clients> {
  /** The task's name and the minute it was scheduled for. */
  task: ScheduledTask;
  delivery: SqsdDelivery;
  isFinalAttempt: boolean;
  log: Logger;
  signal: AbortSignal;
  /** The values of the settings this task declares, read and checked at start-up. */
  settings: SettingValues<S>;
  /** The clients this task declares, built once at start-up. */
  clients: ClientInstances<C>;
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
  S extends Settings = NoSettings,
  C extends Clients = NoClients,
>(definition: TaskDefinition<Name, S, C>): TaskDefinition<Name, S, C> {
  return definition;
}
