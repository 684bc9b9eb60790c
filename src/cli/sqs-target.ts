/**
 * Which queue a command talks to, decided in one place: a flag, else the environment variable
 * the worker itself reads (through loadConfig), else the queues of a running `npm run local`.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { readLocalState } from "../local/local-state.js";
import { CommandError, type CliContext } from "./command.js";
import { stringFlag, type FlagTable, type ParsedFlags } from "./flags.js";

export const SQS_FLAGS: FlagTable = {
  endpoint: {
    type: "string",
    value: "url",
    description:
      "SQS endpoint (fauxqs, ElasticMQ, LocalStack). Default: $SQS_ENDPOINT, else real AWS.",
  },
  region: {
    type: "string",
    value: "name",
    description: "AWS region. Default: $AWS_REGION, else us-east-1.",
  },
};

export const QUEUE_URL_FLAG: FlagTable = {
  "queue-url": {
    type: "string",
    value: "url",
    description: "The worker queue. Default: $WORKER_QUEUE_URL.",
  },
};

export const DLQ_URL_FLAG: FlagTable = {
  "dlq-url": {
    type: "string",
    value: "url",
    description: "The dead-letter queue. Default: $WORKER_DEAD_LETTER_QUEUE_URL.",
  },
};

export interface SqsTarget {
  sqs: SQSClient;
  endpoint: string | undefined;
  queueUrl: string | undefined;
  deadLetterQueueUrl: string | undefined;
  /** Where the values came from, for error messages. */
  source: "flags or environment" | "npm run local";
}

export async function resolveSqsTarget(
  values: ParsedFlags["values"],
  context: CliContext,
): Promise<SqsTarget> {
  const config = context.config();
  let endpoint = stringFlag(values, "endpoint") ?? config.sqsEndpoint;
  let queueUrl = stringFlag(values, "queue-url") ?? config.queueUrl;
  let deadLetterQueueUrl = stringFlag(values, "dlq-url") ?? config.deadLetterQueueUrl;
  let source: SqsTarget["source"] = "flags or environment";
  if (queueUrl === undefined && deadLetterQueueUrl === undefined && endpoint === undefined) {
    const local = await readLocalState(context.cwd);
    if (local) {
      ({ endpoint, queueUrl, deadLetterQueueUrl } = local);
      source = "npm run local";
    }
  }
  const region = stringFlag(values, "region") ?? config.awsRegion;
  return {
    sqs: context.createSqsClient({ endpoint, region }),
    endpoint,
    queueUrl,
    deadLetterQueueUrl,
    source,
  };
}

/** Resolves the target, hands it to `use`, and destroys its client whatever happens. */
export async function withSqsTarget<T>(
  values: ParsedFlags["values"],
  context: CliContext,
  use: (target: SqsTarget) => Promise<T>,
): Promise<T> {
  const target = await resolveSqsTarget(values, context);
  try {
    return await use(target);
  } finally {
    target.sqs.destroy();
  }
}

export function requireUrl(url: string | undefined, flag: string, variable: string): string {
  if (url === undefined) {
    throw new CommandError(
      `Expected a queue URL from --${flag} or $${variable} (or a running \`npm run local\`), got none`,
    );
  }
  if (!URL.canParse(url))
    throw new CommandError(`Expected --${flag} to be an absolute URL, got "${url}"`);
  return url;
}
