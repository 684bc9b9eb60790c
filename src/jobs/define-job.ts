/**
 * Terminology (used across the project):
 * - job: one SQS message whose body is the envelope `{"type": "<job type>", "payload": {...}}`.
 * - job type: the name that routes a job to its handler, e.g. `send-email`.
 * - handler: the function that does the work for one job type, in `src/jobs/<job-type>.ts`.
 * - periodic task: a `cron.yaml` entry; sqsd POSTs an empty body to its url on schedule.
 * - sqsd: Elastic Beanstalk's SQS daemon, which POSTs each message to this app.
 */
import type { z } from "zod";
import type {
  Clients,
  HandlerContext,
  NothingDeclared,
  RetryControls,
  Settings,
} from "../modules/handler-context.js";
import { resolveRetryPolicy, type RetryPolicy } from "../retry/retry-policy.js";

/** One naming pattern for job types and periodic tasks: lowercase words joined by hyphens. */
export const NAME_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What a job's handler receives besides its payload. */
export type JobContext<S extends Settings = Settings, C extends Clients = Clients> = HandlerContext<
  S,
  C
> &
  RetryControls;

export interface JobDefinition<
  Name extends string = string,
  Schema extends z.ZodType = z.ZodType,
  S extends Settings = Settings,
  C extends Clients = Clients,
> {
  /** The job type, matching {@link NAME_PATTERN}. */
  name: Name;
  /** Validates the payload before the handler runs; a failure parks the message as `invalid-payload`. */
  payload: Schema;
  /** This job's time limit; keep it below nginx's proxy_read_timeout. @default WORKER_JOB_TIMEOUT_SECONDS */
  timeoutSeconds?: number;
  /**
   * How many jobs of this type may run at once on one instance, for work that a downstream limits
   * (an API's rate, a database's connections). One more is answered at once with 503
   * `job-type-busy`, so sqsd's connection is free for other job types and the message comes back
   * after ErrorVisibilityTimeout, maybe to another instance. Each refusal costs one receive toward
   * MaxRetries: keep the limit high enough, and ErrorVisibilityTimeout long enough, that a message
   * rarely meets it MaxRetries times in a row. @default no limit but WORKER_MAX_CONCURRENT_JOBS
   */
  concurrency?: number;
  /**
   * Retries through delayed copies of the message, with backoff, instead of sqsd's fixed
   * ErrorVisibilityTimeout (docs/retries.md). Checked when the job is defined.
   * @default none: sqsd retries after ErrorVisibilityTimeout, up to MaxRetries receives
   */
  retry?: RetryPolicy;
  /** Environment variables this job reads (see src/modules/settings.ts). @default none */
  settings?: S;
  /** Clients this job uses (see src/modules/clients.ts). @default none */
  clients?: C;
  /** Does the work. Return to succeed (200); throw to retry; throw PermanentJobError to park. */
  handle(payload: z.output<Schema>, context: JobContext<S, C>): Promise<void>;
}

/**
 * Declares a job type; it exists so TypeScript infers the payload type, and it checks the retry
 * policy at once (a RetryPolicyError naming every broken rule).
 */
export function defineJob<
  Name extends string,
  Schema extends z.ZodType,
  S extends Settings = NothingDeclared,
  C extends Clients = NothingDeclared,
>(definition: JobDefinition<Name, Schema, S, C>): JobDefinition<Name, Schema, S, C> {
  if (definition.retry) resolveRetryPolicy(definition.name, definition.retry);
  return definition;
}
