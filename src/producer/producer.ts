/**
 * The producer: puts jobs on the worker queue as `{"type", "payload"}` envelopes, after checking
 * each payload with its handler's own schema and each option with SQS's rules.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { JobDefinition } from "../jobs/define-job.js";
import type { JobPayloads } from "../jobs/index.js";
import { EnqueueError } from "./errors.js";
import { SQS_MAX_MESSAGE_BYTES } from "../protocol/sqs-limits.js";
import { queueKind, type EnqueueOptions } from "./options.js";
import { prepareMessage, type PrepareContext, type PreparedMessage } from "./prepare.js";
import { sendBatch, sendOne } from "./send.js";
import type { SigningKey } from "../protocol/signature.js";

export type { EnqueueOptions };

export interface ProducerOptions {
  /** Built by the caller: with an explicit endpoint and dummy credentials outside AWS. */
  sqs: SQSClient;
  /** The worker queue; a name ending in `.fifo` makes it a FIFO queue. */
  queueUrl: string;
  /** The job registry (`jobs` from src/jobs/index.ts), for the types and schemas. */
  jobs: readonly JobDefinition[];
  /** The queue's MaximumMessageSize, 1024 to 1048576. @default 1048576 */
  maxMessageBytes?: number;
  /**
   * Sign every message with this key (docs/signing.md): `config.signingKeys?.signingKey`.
   * The signature takes one of SQS's 10 attribute slots. @default unsigned
   */
  signingKey?: SigningKey | undefined;
  /** Unix seconds for the signature's timestamp. @default the system clock */
  nowSeconds?: () => number;
}

/** How a call can be cancelled: the signal aborts the SQS request. */
export interface CallOptions {
  signal?: AbortSignal;
}

export type Enqueue = <Type extends keyof JobPayloads>(
  type: Type,
  payload: JobPayloads[Type],
  options?: EnqueueOptions & CallOptions,
) => Promise<{ messageId: string }>;

export type BatchEntry = {
  [Type in keyof JobPayloads]: { type: Type; payload: JobPayloads[Type]; options?: EnqueueOptions };
}[keyof JobPayloads];

/** Resolves with one message id per entry, in the entries' order. */
export type EnqueueBatch = (
  entries: readonly BatchEntry[],
  options?: CallOptions,
) => Promise<{ messageId: string }[]>;

export interface Producer {
  enqueue: Enqueue;
  enqueueBatch: EnqueueBatch;
  /** `enqueue` for callers that get the type as text (the CLI); the same checks run at run time. */
  enqueueByName(
    type: string,
    payload: unknown,
    options?: EnqueueOptions & CallOptions,
  ): Promise<{ messageId: string }>;
}

export function createProducer(options: ProducerOptions): Producer {
  const { sqs, queueUrl, jobs, maxMessageBytes = SQS_MAX_MESSAGE_BYTES } = options;
  assertProducerOptions(queueUrl, maxMessageBytes);
  const context: PrepareContext = {
    jobs,
    queue: queueKind(queueUrl),
    maxMessageBytes,
    signingKey: options.signingKey,
    nowSeconds: options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
  };

  const enqueueByName: Producer["enqueueByName"] = async (type, payload, options = {}) => {
    const message = prepareMessage(context, type, payload, options);
    return sendOne(sqs, queueUrl, message, options.signal);
  };

  const enqueueBatch: EnqueueBatch = async (entries, options = {}) => {
    const messages = prepareAll(context, entries);
    return sendBatch(sqs, queueUrl, messages, options.signal);
  };

  return { enqueue: enqueueByName, enqueueBatch, enqueueByName };
}

/** Checks every entry before anything is sent, and reports every invalid one. */
function prepareAll(context: PrepareContext, entries: readonly BatchEntry[]): PreparedMessage[] {
  const problems: string[] = [];
  const messages = entries.map((entry, index) => {
    try {
      return prepareMessage(context, entry.type, entry.payload, entry.options);
    } catch (error) {
      if (!(error instanceof EnqueueError)) throw error;
      problems.push(`  - entry ${index} (${entry.type}): ${error.message}`);
      return undefined;
    }
  });
  if (problems.length > 0) {
    throw new EnqueueError(
      `Expected every batch entry to be valid, got ${problems.length} invalid (nothing was sent):\n${problems.join("\n")}`,
    );
  }
  return messages.filter((message) => message !== undefined);
}

function assertProducerOptions(queueUrl: string, maxMessageBytes: number): void {
  if (!URL.canParse(queueUrl)) {
    throw new EnqueueError(`Expected queueUrl to be an absolute URL, got "${queueUrl}"`);
  }
  if (
    !Number.isInteger(maxMessageBytes) ||
    maxMessageBytes < 1024 ||
    maxMessageBytes > SQS_MAX_MESSAGE_BYTES
  ) {
    throw new EnqueueError(
      `Expected maxMessageBytes to be a whole number from 1024 to ${SQS_MAX_MESSAGE_BYTES} (SQS's range for MaximumMessageSize), got ${maxMessageBytes}`,
    );
  }
}
