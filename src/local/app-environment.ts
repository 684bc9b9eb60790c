/**
 * The environment the local loop gives the app: the developer's own, with the variables that must
 * agree with the embedded queues and the local daemon replaced. Each replacement of a value the
 * developer set is reported, never silent.
 */
import type { SqsdOptionOrigins } from "../daemon/sqsd-options-sources.js";
import type { SqsdOptions } from "../eb/sqsd-options.js";
import type { EmbeddedDynamoDb } from "./embedded-dynamodb.js";
import type { EmbeddedQueues } from "./embedded-queues.js";

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the app gets so it talks to the embedded queues and accepts curl. */
export function appEnvironment(
  base: Env,
  queues: Pick<EmbeddedQueues, "endpoint" | "queueUrl" | "deadLetterQueueUrl" | "bucket">,
  options: SqsdOptions,
  port: number,
  dynamoDb: Pick<EmbeddedDynamoDb, "endpoint" | "table">,
): Record<string, string | undefined> {
  return {
    ...base,
    PORT: String(port),
    HOST: "127.0.0.1",
    WORKER_QUEUE_URL: queues.queueUrl,
    WORKER_DEAD_LETTER_QUEUE_URL: queues.deadLetterQueueUrl,
    SQS_ENDPOINT: queues.endpoint,
    S3_ENDPOINT: queues.endpoint,
    WORKER_BUCKET: queues.bucket,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    WORKER_MAX_RETRIES: String(options.maxRetries),
    WORKER_HTTP_PATH: options.httpPath,
    // The same idempotency store as production: DynamoDB, here dynalite in the loop's process.
    WORKER_IDEMPOTENCY_STORE: "dynamodb",
    WORKER_IDEMPOTENCY_TABLE: dynamoDb.table,
    DYNAMODB_ENDPOINT: dynamoDb.endpoint,
    // curl straight to the app is part of trying it out; on Beanstalk this stays true.
    WORKER_REQUIRE_SQSD_USER_AGENT: "false",
  };
}

/** The app variables that mirror an sqsd option: the daemon's value wins, so both agree. */
const MIRRORED = {
  WORKER_MAX_RETRIES: { option: "MaxRetries", variable: "SQSD_MAX_RETRIES" },
  WORKER_HTTP_PATH: { option: "HttpPath", variable: "SQSD_HTTP_PATH" },
} as const;

/** Why the loop sets each of the others. */
const REASONS: Record<string, string> = {
  PORT: "the app port given with --app-port",
  HOST: "so the local daemon reaches the app on loopback",
  WORKER_QUEUE_URL: "for the embedded SQS",
  WORKER_DEAD_LETTER_QUEUE_URL: "for the embedded SQS",
  SQS_ENDPOINT: "for the embedded SQS",
  S3_ENDPOINT: "for the embedded S3 (fauxqs serves it beside SQS)",
  WORKER_BUCKET: "for the embedded S3's bucket",
  AWS_REGION: "for the embedded SQS",
  WORKER_REQUIRE_SQSD_USER_AGENT: "so curl reaches the app",
  WORKER_IDEMPOTENCY_STORE: "for the embedded DynamoDB (dynalite)",
  WORKER_IDEMPOTENCY_TABLE: "for the embedded DynamoDB (dynalite)",
  DYNAMODB_ENDPOINT: "for the embedded DynamoDB (dynalite)",
};

/** Replaced without a word: the developer's real credentials are deliberately not passed on. */
const UNREPORTED = new Set(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"]);

/** One "local: X=a is overridden by b, why" line per variable the developer set that the app will not see. */
export function describeOverrides(base: Env, appEnv: Env, origins: SqsdOptionOrigins): string[] {
  const lines: string[] = [];
  for (const [name, value] of Object.entries(appEnv)) {
    const own = base[name];
    if (own === undefined || own.trim() === "" || own.trim() === value || UNREPORTED.has(name)) {
      continue;
    }
    const mirrored = MIRRORED[name as keyof typeof MIRRORED] as
      (typeof MIRRORED)[keyof typeof MIRRORED] | undefined;
    const why = mirrored
      ? `sqsd's ${mirrored.option} from ${origins[mirrored.option]} (the app mirrors the daemon); set ${mirrored.variable} to change both`
      : (REASONS[name] ?? "by the local loop");
    lines.push(`local: ${name}=${own} is overridden by ${value ?? ""}, ${why}`);
  }
  return lines;
}
