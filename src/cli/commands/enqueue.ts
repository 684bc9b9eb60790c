/**
 * `sqs-worker enqueue <type> <json>` puts one job on the worker queue; `enqueue --file jobs.ndjson`
 * puts many, in batches of 10, with a progress bar. Both go through the core's producer, so the
 * payload is checked with the job's own schema before anything is sent.
 */
import { readFile } from "node:fs/promises";
import { jobs } from "../../jobs/index.js";
import { SQS_MAX_DELAY_SECONDS } from "../../protocol/sqs-limits.js";
import { createProducer, type EnqueueOptions } from "../../producer/producer.js";
import { UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { listFlag, stringFlag, type FlagTable, type ParsedFlags } from "../flags.js";
import { parseJobLines } from "../ndjson-jobs.js";
import { QUEUE_URL_FLAG, requireUrl, withSqsTarget, SQS_FLAGS } from "../sqs-target.js";
import { sendJobLines } from "./enqueue-bulk.js";

const FLAGS: FlagTable = {
  file: {
    type: "string",
    short: "f",
    value: "path",
    description: 'Send every job in this NDJSON file (one {"type","payload"} per line).',
  },
  delay: {
    type: "string",
    value: "seconds",
    description: `Seconds before the job becomes visible, 0-${SQS_MAX_DELAY_SECONDS} (standard queues).`,
  },
  "group-id": {
    type: "string",
    value: "id",
    description: "MessageGroupId (required on FIFO queues).",
  },
  "deduplication-id": {
    type: "string",
    value: "id",
    description: "MessageDeduplicationId (FIFO queues).",
  },
  "idempotency-key": {
    type: "string",
    value: "key",
    description: "A key naming this job uniquely; sent as the idempotency-key attribute.",
  },
  attribute: {
    type: "string",
    multiple: true,
    value: "name=value",
    description: "A String message attribute (X-Aws-Sqsd-Attr-<name>). Repeatable.",
  },
  ...QUEUE_URL_FLAG,
  ...SQS_FLAGS,
};

function enqueueOptions(values: ParsedFlags["values"]): EnqueueOptions {
  const options: EnqueueOptions = {};
  const delay = stringFlag(values, "delay");
  if (delay !== undefined) {
    if (!/^\d+$/.test(delay) || Number(delay) > SQS_MAX_DELAY_SECONDS) {
      throw new UsageError(
        `Expected --delay to be a whole number of seconds from 0 to ${SQS_MAX_DELAY_SECONDS}, got "${delay}"`,
      );
    }
    options.delaySeconds = Number(delay);
  }
  const groupId = stringFlag(values, "group-id");
  if (groupId !== undefined) options.groupId = groupId;
  const deduplicationId = stringFlag(values, "deduplication-id");
  if (deduplicationId !== undefined) options.deduplicationId = deduplicationId;
  const idempotencyKey = stringFlag(values, "idempotency-key");
  if (idempotencyKey !== undefined) options.idempotencyKey = idempotencyKey;
  const attributes = listFlag(values, "attribute");
  if (attributes.length > 0) {
    options.attributes = Object.fromEntries(
      attributes.map((pair) => {
        const equals = pair.indexOf("=");
        if (equals <= 0) throw new UsageError(`Expected --attribute as name=value, got "${pair}"`);
        return [pair.slice(0, equals), pair.slice(equals + 1)];
      }),
    );
  }
  return options;
}

function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(
      `Expected <payload-json> to be JSON, got ${JSON.stringify(text)} (${(error as Error).message})`,
    );
  }
}

export const enqueue = defineCommand({
  name: "enqueue",
  summary: "Put a job (or an NDJSON file of jobs) on the worker queue.",
  usage:
    "sqs-worker enqueue <job-type> <payload-json> [options]\n       sqs-worker enqueue --file <jobs.ndjson> [options]",
  description: `Puts jobs on the worker queue. Job types: ${jobs.map((job) => job.name).join(", ")}.`,
  flags: FLAGS,
  positionals: true,
  async run({ values, positionals }, context) {
    const file = stringFlag(values, "file");
    if (file !== undefined && positionals.length > 0) {
      throw new UsageError(`Expected either --file or <job-type> <payload-json>, got both`);
    }
    if (file === undefined && positionals.length !== 2) {
      throw new UsageError(
        `Expected <job-type> <payload-json>, got ${positionals.length} argument(s)`,
      );
    }
    const options = enqueueOptions(values);
    const lines =
      file === undefined ? undefined : parseJobLines(await readFile(file, "utf8"), file);
    const payload = positionals[1] === undefined ? undefined : parsePayload(positionals[1]);
    return withSqsTarget(values, context, async (target) => {
      const queueUrl = requireUrl(target.queueUrl, "queue-url", "WORKER_QUEUE_URL");
      // Signs when WORKER_SIGNING_KEYS is set, as the app's own producer does.
      const signingKey = context.config().signingKeys?.signingKey;
      const producer = createProducer({ sqs: target.sqs, queueUrl, jobs, signingKey });
      if (lines === undefined) {
        const type = positionals[0] ?? "";
        const { messageId } = await producer.enqueueByName(type, payload, {
          ...options,
          signal: context.signal,
        });
        context.stdout.write(`${messageId}\n`);
        context.stderr.write(`Enqueued ${type} to ${queueUrl}.\n`);
        return 0;
      }
      return await sendJobLines(producer, lines, options, context);
    });
  },
});
