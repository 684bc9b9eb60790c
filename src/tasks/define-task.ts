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
  /**
   * When it runs: a cron expression read in `timeZone`. When declared, `npm run cli -- make cron`
   * writes its UTC cron.yaml entry and start-up and `doctor` check that entry (docs/schedules.md).
   * @default none: cron.yaml's entry alone decides, in UTC
   */
  schedule?: string;
  /** The IANA time zone `schedule` is read in, such as "Europe/Berlin". @default "UTC" */
  timeZone?: string;
  /**
   * "skip": a delivery while the previous run still runs answers 200 "skipped: previous run still
   * running" instead of running beside it (across instances with the shared store). @default "allow"
   */
  overlap?: "allow" | "skip";
  /**
   * How many seconds after its scheduled time a run may still start; a later delivery answers 200
   * "skipped: stale". @default the task's period (the time from this run to the next)
   */
  maxLatenessSeconds?: number;
  /** Environment variables this task reads (see src/modules/settings.ts). @default none */
  settings?: S;
  /** Clients this task uses (see src/modules/clients.ts). @default none */
  clients?: C;
  /**
   * Runs once per (name, scheduled-at) on this instance; a redelivery after success is skipped, and
   * so is a delivery its guards refuse (src/schedules/task-guards.ts).
   */
  run(context: TaskContext<S, C>): Promise<void>;
}

export function defineTask<
  Name extends string,
  S extends Settings = NothingDeclared,
  C extends Clients = NothingDeclared,
>(definition: TaskDefinition<Name, S, C>): TaskDefinition<Name, S, C> {
  return definition;
}
