/**
 * Configuration: one typed object built once from the environment. `loadConfig` is the only
 * reader of `process.env` in the project; everything else receives a `Config`.
 *
 * Each key is declared once below with its variable, its default and its rule; each job and
 * task module declares its own settings the same way (src/modules/settings.ts), and they are
 * read here too. A bad value is never silently replaced by the default: `loadConfig` throws one
 * `ConfigError` listing every problem, the modules' with the core ones.
 */

import { ConfigReader, type Env } from "./config-reader.js";
import { jobs } from "./jobs/index.js";
import type { Settings } from "./modules/handler-context.js";
import { readSettings } from "./modules/settings.js";
import { tasks } from "./tasks/index.js";
import { SQS_MAX_MESSAGE_BYTES } from "./protocol/sqs-limits.js";
import { ProblemsError } from "./errors.js";
import type { SigningKeys } from "./protocol/signing-keys.js";

const MiB = 1024 * 1024;

/** `PORT` when unset: where the app listens, and where the local loop and the daemon look for it. */
export const DEFAULT_PORT = 8080;

export interface Config {
  /** `PORT`: where the app listens; nginx proxies here on Beanstalk. @default 8080 */
  port: number;
  /** `HOST`: the interface to bind. Loopback: only nginx and the daemon talk to the app. @default "127.0.0.1" */
  host: string;
  /** `NODE_ENV`. @default "development" */
  nodeEnv: string;
  /** `LOG_LEVEL`: pino's level. @default "info" */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** `WORKER_HTTP_PATH`: the job route, the same as sqsd's `HttpPath`. @default "/" */
  httpPath: string;
  /** `WORKER_BODY_LIMIT_BYTES`: the largest body the job route reads. @default 1048576 (SQS's maximum) */
  bodyLimitBytes: number;
  /** `WORKER_MAX_RETRIES`: mirror of sqsd's `MaxRetries`, to know the final attempt. @default 10 */
  maxRetries: number;
  /** `WORKER_JOB_TIMEOUT_SECONDS`: a job's time limit unless its module sets its own. @default 60 */
  jobTimeoutSeconds: number;
  /** `WORKER_MAX_CONCURRENT_JOBS`: jobs run at once before the app answers 503. @default 100 (sqsd's `HttpConnections` maximum) */
  maxConcurrentJobs: number;
  /** `WORKER_SHUTDOWN_DEADLINE_SECONDS`: how long in-flight jobs may finish after SIGTERM. @default 30 */
  shutdownDeadlineSeconds: number;
  /** `WORKER_REQUIRE_SQSD_USER_AGENT`: refuse requests whose User-Agent is not `aws-sqsd…`. @default true */
  requireSqsdUserAgent: boolean;
  /** `WORKER_COMPLETED_IDS_MAX`: how many completed message ids this instance remembers. @default 10000 */
  completedIdsMax: number;
  /** `WORKER_CRON_FILE`: the periodic-task schedule, checked at start-up. @default "cron.yaml" */
  cronFile: string;
  /** `WORKER_QUEUE_URL`: the worker queue, where `enqueue` sends jobs. @default unset (enqueue fails) */
  queueUrl: string | undefined;
  /** `WORKER_DEAD_LETTER_QUEUE_URL`: where permanently failing messages are parked. @default unset (answer 4xx instead) */
  deadLetterQueueUrl: string | undefined;
  /** `AWS_REGION`: the SQS client's region. @default "us-east-1" */
  awsRegion: string;
  /** `SQS_ENDPOINT`: an SQS-compatible endpoint (fauxqs, ElasticMQ, LocalStack). @default unset (real SQS) */
  sqsEndpoint: string | undefined;
  /** `S3_ENDPOINT`: an S3-compatible endpoint (fauxqs serves S3 on its SQS endpoint). @default unset (real S3) */
  s3Endpoint: string | undefined;
  /** `WORKER_BUCKET`: the S3 bucket the shipped jobs keep their files in, each under its own prefix. @default unset (jobs that need it fail permanently) */
  bucket: string | undefined;
  /** `SMTP_URL`: send email over SMTP (`smtp://user:pass@host:587`). @default unset (write .eml files; in production, fail) */
  smtpUrl: string | undefined;
  /** `MAIL_FROM`: the From address of sent email. @default "sqs-worker <worker@localhost>" */
  mailFrom: string;
  /** `MAIL_OUTBOX_DIR`: where email goes as .eml files when no SMTP_URL is set. @default "outbox" */
  mailOutboxDir: string;
  /**
   * `WORKER_SIGNING_KEYS`: `kid1:base64secret,kid2:…`. When set, the app refuses jobs without a
   * valid signature from one of these keys, and the producer and the CLI sign with the first
   * (docs/signing.md). Never logged: it prints as its key ids. @default unset (no signing)
   */
  signingKeys: SigningKeys | undefined;
  /** `WORKER_SIGNATURE_MAX_AGE_SECONDS`: the longest time from signing to SQS's SentTimestamp. @default 900 */
  signatureMaxAgeSeconds: number;
  /** `WORKER_SIGNATURE_CLOCK_SKEW_SECONDS`: how far a signature may be dated after SentTimestamp. @default 300 */
  signatureClockSkewSeconds: number;
  /** `WORKER_SIGNATURE_REFUSAL`: `park` a refused message like any permanent failure, or `reject` it with 403 even when a dead-letter queue is set. @default "park" */
  signatureRefusal: "park" | "reject";
  /** `WORKER_UNSIGNED_TASKS`: `allow` periodic tasks unsigned (Beanstalk's leader cannot sign), or `refuse` them. @default "allow" */
  unsignedTasks: "allow" | "refuse";
  /** `WORKER_IDEMPOTENCY_STORE`: where completed and running jobs are recorded (docs/idempotency.md): `dynamodb`, shared by every instance, or `memory`, this process only. @default "dynamodb" when WORKER_IDEMPOTENCY_TABLE is set, else "memory" */
  idempotencyStore: "dynamodb" | "memory";
  /** `WORKER_IDEMPOTENCY_TABLE`: the DynamoDB table of the idempotency store. @default unset (required by the dynamodb store) */
  idempotencyTable: string | undefined;
  /** `DYNAMODB_ENDPOINT`: a DynamoDB-compatible endpoint (dynalite locally). @default unset (real DynamoDB) */
  dynamoDbEndpoint: string | undefined;
  /**
   * `WORKER_METRICS_INTERVAL_SECONDS`: how often the aggregated CloudWatch metrics are written as
   * EMF log lines (docs/observability.md); 0 turns metrics off. @default 60
   */
  metricsIntervalSeconds: number;
  /** The settings each job type declares (src/modules/settings.ts), by job type. */
  jobSettings: ModuleSettings;
  /** The settings each periodic task declares, by task name. */
  taskSettings: ModuleSettings;
}

/** Module name → its settings' values; a module that declares none has no entry. */
export type ModuleSettings = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The job and task modules whose settings loadConfig reads; by default, the registries'. */
export interface ConfiguredModules {
  jobs: readonly { name: string; settings?: Settings }[];
  tasks: readonly { name: string; settings?: Settings }[];
}

export class ConfigError extends ProblemsError {
  override name = "ConfigError";
  constructor(problems: string[]) {
    super("configuration", problems);
  }
}

export function loadConfig(
  env: Env = process.env,
  modules: ConfiguredModules = { jobs, tasks },
): Config {
  const problems: string[] = [];
  const read = new ConfigReader(env, problems);
  const config: Config = {
    port: read.integer("PORT", DEFAULT_PORT, 0, 65535),
    host: read.text("HOST", "127.0.0.1"),
    nodeEnv: read.text("NODE_ENV", "development"),
    logLevel: read.oneOf("LOG_LEVEL", "info", [
      "fatal",
      "error",
      "warn",
      "info",
      "debug",
      "trace",
      "silent",
    ]),
    httpPath: read.path("WORKER_HTTP_PATH", "/"),
    bodyLimitBytes: read.integer("WORKER_BODY_LIMIT_BYTES", SQS_MAX_MESSAGE_BYTES, 1, 16 * MiB),
    maxRetries: read.integer("WORKER_MAX_RETRIES", 10, 1, 100),
    jobTimeoutSeconds: read.integer("WORKER_JOB_TIMEOUT_SECONDS", 60, 1, 36000),
    maxConcurrentJobs: read.integer("WORKER_MAX_CONCURRENT_JOBS", 100, 1, 10000),
    shutdownDeadlineSeconds: read.integer("WORKER_SHUTDOWN_DEADLINE_SECONDS", 30, 0, 3600),
    requireSqsdUserAgent: read.boolean("WORKER_REQUIRE_SQSD_USER_AGENT", true),
    completedIdsMax: read.integer("WORKER_COMPLETED_IDS_MAX", 10000, 0, 10_000_000),
    cronFile: read.text("WORKER_CRON_FILE", "cron.yaml"),
    queueUrl: read.optionalUrl("WORKER_QUEUE_URL"),
    deadLetterQueueUrl: read.optionalUrl("WORKER_DEAD_LETTER_QUEUE_URL"),
    awsRegion: read.text("AWS_REGION", "us-east-1"),
    sqsEndpoint: read.optionalUrl("SQS_ENDPOINT"),
    s3Endpoint: read.optionalUrl("S3_ENDPOINT"),
    bucket: read.optionalBucketName("WORKER_BUCKET"),
    smtpUrl: read.optionalUrl("SMTP_URL", ["smtp", "smtps"], true),
    mailFrom: read.text("MAIL_FROM", "sqs-worker <worker@localhost>"),
    mailOutboxDir: read.text("MAIL_OUTBOX_DIR", "outbox"),
    signingKeys: read.signingKeys("WORKER_SIGNING_KEYS"),
    signatureMaxAgeSeconds: read.integer("WORKER_SIGNATURE_MAX_AGE_SECONDS", 900, 1, 1_209_600),
    signatureClockSkewSeconds: read.integer("WORKER_SIGNATURE_CLOCK_SKEW_SECONDS", 300, 0, 3600),
    signatureRefusal: read.oneOf("WORKER_SIGNATURE_REFUSAL", "park", ["park", "reject"]),
    unsignedTasks: read.oneOf("WORKER_UNSIGNED_TASKS", "allow", ["allow", "refuse"]),
    ...readIdempotencyStore(read),
    dynamoDbEndpoint: read.optionalUrl("DYNAMODB_ENDPOINT"),
    metricsIntervalSeconds: read.integer("WORKER_METRICS_INTERVAL_SECONDS", 60, 0, 3600),
    jobSettings: readModuleSettings(modules.jobs, read),
    taskSettings: readModuleSettings(modules.tasks, read),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** The store follows the table unless chosen: a table without the store, or the reverse, is a slip. */
function readIdempotencyStore(
  read: ConfigReader,
): Pick<Config, "idempotencyStore" | "idempotencyTable"> {
  const table = read.optionalTableName("WORKER_IDEMPOTENCY_TABLE");
  const store = read.oneOf<"dynamodb" | "memory" | "default">(
    "WORKER_IDEMPOTENCY_STORE",
    "default",
    ["dynamodb", "memory"],
  );
  if (store === "dynamodb" && table === undefined) {
    read.invalid(
      "WORKER_IDEMPOTENCY_STORE",
      "memory when WORKER_IDEMPOTENCY_TABLE is unset (the dynamodb store needs its table)",
      store,
    );
  }
  const chosen = store === "default" ? (table === undefined ? "memory" : "dynamodb") : store;
  return { idempotencyStore: chosen, idempotencyTable: table };
}

function readModuleSettings(
  modules: ConfiguredModules["jobs"],
  read: ConfigReader,
): ModuleSettings {
  const values: Record<string, Record<string, unknown>> = {};
  for (const { name, settings } of modules) {
    if (settings) values[name] = readSettings(settings, read);
  }
  return values;
}
