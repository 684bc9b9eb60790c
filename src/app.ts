/**
 * Builds the worker's Express app without listening (server.ts listens), so tests hand it
 * straight to supertest.
 */
import express, { type Express } from "express";
import { MemoryIdempotencyStore } from "./idempotency/memory-store.js";
import type { IdempotencyStore } from "./idempotency/idempotency-store.js";
import type { Config } from "./config.js";
import type { DeadLetterQueue } from "./delivery/dead-letter.js";
import { KeptVerdicts } from "./delivery/kept-verdicts.js";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { JobDefinition } from "./jobs/define-job.js";
import { jobs as registeredJobs } from "./jobs/index.js";
import { JobTracker, type DrainReport } from "./delivery/job-tracker.js";
import { createLogger, type Logger } from "./logger.js";
import { createRegistry } from "./modules/registry.js";
import { bindClients } from "./modules/clients.js";
import type { Clients } from "./modules/handler-context.js";
import type { TaskDefinition } from "./tasks/define-task.js";
import { tasks as registeredTasks } from "./tasks/index.js";
import { errorHandler, noAutomaticOptions, notFound } from "./delivery/http/error-handler.js";
import { originGuard, workerRoutes } from "./delivery/http/routes.js";
import { createResponder, stampArrival } from "./delivery/http/respond.js";
import type { CronEntry } from "./cron/cron-entry.js";
import { MemoryRunLocks, type RunLocks } from "./schedules/run-locks.js";
import { taskTimings } from "./schedules/task-timing.js";
import { JobMetrics } from "./metrics/job-metrics.js";
import { resolveS3EventRules, type S3EventRule } from "./s3-events/define-rule.js";
import { s3EventRules as registeredS3EventRules } from "./s3-events/rules.js";
import { createRetryScheduler, type RetryScheduler } from "./retry/retry-scheduler.js";

export interface AppOptions {
  /** From loadConfig, which read the settings of these jobs and tasks with the rest. */
  config: Config;
  /**
   * Clients to use instead of building them from their declarations, by client name (e.g.
   * `{ mailer: fakeMailer }` in a test). @default each built once from its declaration
   */
  clients?: Readonly<Record<string, unknown>>;
  /** The process's SQS client, for clients that need one. @default none: such a client fails to build */
  sqs?: SQSClient;
  /** @default a pino logger at config.logLevel */
  logger?: Logger;
  /** @default the registry in src/jobs/index.ts */
  jobs?: readonly JobDefinition[];
  /** @default the registry in src/tasks/index.ts */
  tasks?: readonly TaskDefinition[];
  /**
   * Which deliveries ran or are running (src/idempotency); start.ts passes the one the
   * configuration chooses. @default in memory, bounded by config.completedIdsMax
   */
  idempotencyStore?: IdempotencyStore;
  /**
   * Which S3 notifications become which jobs. @default the rules in src/s3-events/rules.ts with
   * the default job registry; none when `jobs` is given
   */
  s3EventRules?: readonly S3EventRule[];
  /** Where permanent failures are parked. @default none: they are answered with a 4xx */
  deadLetterQueue?: DeadLetterQueue;
  /**
   * The locks of periodic tasks declaring overlap: "skip". Production passes the shared store's
   * (DynamoDB), so two instances never run such a task at once. @default in memory: one instance
   */
  runLocks?: RunLocks;
  /** cron.yaml as loaded at start-up: the period (default lateness) of tasks declaring no schedule. @default none */
  cronEntries?: readonly CronEntry[];
  /**
   * Sends the delayed copies of job types with a retry policy (docs/retries.md).
   * @default through `sqs` to config.queueUrl; without either, sqsd's ordinary retry
   */
  retries?: RetryScheduler;
}

export interface WorkerApp {
  app: Express;
  tracker: JobTracker;
  /**
   * Holds new deliveries from now on, lets running jobs finish for `deadlineMs`, aborts the rest,
   * then lets the held deliveries be answered 503.
   */
  drain(deadlineMs: number): Promise<DrainReport>;
  /** Every delivery's outcome, aggregated for CloudWatch (start.ts writes it); none when off. */
  metrics: JobMetrics | undefined;
}

export function createApp(options: AppOptions): WorkerApp {
  const { config } = options;
  const logger = options.logger ?? createLogger(config);
  const tracker = new JobTracker(config.maxConcurrentJobs);
  const jobs = createRegistry("job type", options.jobs ?? registeredJobs, config.jobSettings);
  const tasks = createRegistry(
    "periodic task",
    options.tasks ?? registeredTasks,
    config.taskSettings,
  );
  const clientContext = {
    config,
    sqs: () => options.sqs ?? noSqsClient(),
    jobs: [...jobs.values()],
  };
  const app = express();
  app.disable("x-powered-by");
  // sqsd never revalidates; an ETag would only cost a hash of every response.
  app.set("etag", false);
  app.set("trust proxy", false);
  // helmet's headers are written with every response by respond.ts (computed once, at start-up),
  // and each request is logged once, with its outcome, by the same file.
  app.use(stampArrival);
  const metrics =
    config.metricsIntervalSeconds > 0 ? new JobMetrics(jobs.keys(), tasks.keys()) : undefined;
  const respond = createResponder(logger, config.maxRetries, metrics);
  app.use(originGuard(config, respond));
  app.use(noAutomaticOptions(respond));
  app.use(
    workerRoutes({
      config,
      log: logger,
      respond,
      tracker,
      jobs,
      tasks,
      jobSettings: config.jobSettings,
      taskSettings: config.taskSettings,
      moduleClients: bindClients<object & { clients?: Clients }>(
        [...jobs.values(), ...tasks.values()],
        clientContext,
        options.clients,
      ),
      idempotency: options.idempotencyStore ?? new MemoryIdempotencyStore(config.completedIdsMax),
      deadLetter: options.deadLetterQueue,
      verdicts: new KeptVerdicts(config.completedIdsMax),
      retries:
        options.retries ??
        createRetryScheduler({
          sqs: options.sqs,
          queueUrl: config.queueUrl,
          signingKeys: config.signingKeys,
        }),
      defaultTimeoutMs: config.jobTimeoutSeconds * 1000,
      maxRetries: config.maxRetries,
      taskTimings: taskTimings([...tasks.values()], options.cronEntries),
      runLocks: options.runLocks ?? new MemoryRunLocks(),
      s3EventRules: resolveS3EventRules(
        options.s3EventRules ?? (options.jobs ? [] : registeredS3EventRules),
        config.bucket,
        new Set(jobs.keys()),
      ),
    }),
  );
  app.use(notFound(respond));
  app.use(errorHandler(logger, respond));
  return { app, tracker, drain: (deadlineMs) => tracker.drain(deadlineMs), metrics };
}

function noSqsClient(): never {
  throw new Error("Expected an SQS client for a job's or task's client; pass sqs to createApp");
}
