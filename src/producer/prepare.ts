/**
 * Turns one `enqueue` call into a message SQS will accept, or throws an EnqueueError naming the
 * broken rule. Nothing here talks to SQS, so `enqueueBatch` can check every entry before sending.
 */
import type { JobDefinition } from "../jobs/define-job.js";
import { encodeJob } from "../protocol/envelope.js";
import { EnqueueError } from "./errors.js";
import { sqsMessageBytes } from "../protocol/sqs-limits.js";
import { stringAttributeValues } from "./string-attributes.js";
import { addTraceContext } from "../tracing/message-trace.js";
import {
  SIGNABLE_ATTRIBUTES_RULE,
  SIGNATURE_ATTRIBUTE,
  signMessage,
  unsignableAttribute,
  type SigningKey,
} from "../protocol/signature.js";
import {
  checkOptions,
  type EnqueueOptions,
  type MessageFields,
  type QueueKind,
} from "./options.js";

/** A validated message: its body, its SQS fields and its size as SQS counts it. */
export interface PreparedMessage extends MessageFields {
  type: string;
  body: string;
  size: number;
}

export interface PrepareContext {
  jobs: readonly JobDefinition[];
  queue: QueueKind;
  maxMessageBytes: number;
  /** When set, every message carries a `worker-signature` by this key (docs/signing.md). */
  signingKey?: SigningKey | undefined;
  /** Unix seconds, for the signature's timestamp. */
  nowSeconds: () => number;
}

export function prepareMessage(
  context: PrepareContext,
  type: string,
  payload: unknown,
  options: EnqueueOptions = {},
): PreparedMessage {
  const job = findJob(context.jobs, type);
  const body = encodeBody(type, payload);
  assertPayloadIsValid(job, body);
  const fields = checkOptions(options, context.queue, context.signingKey !== undefined);
  // Before signing, so the signature covers it; only into slots no other attribute needs.
  addTraceContext(fields.attributes, context.signingKey ? 1 : 0);
  if (context.signingKey) sign(context.signingKey, context.nowSeconds(), body, fields);
  const size = sqsMessageBytes(body, stringAttributeValues(fields.attributes));
  if (size > context.maxMessageBytes) {
    throw new EnqueueError(
      `Expected the "${type}" message to be at most ${context.maxMessageBytes} bytes (the queue's limit), got ${size} bytes`,
    );
  }
  return { type, body, size, ...fields };
}

function findJob(jobs: readonly JobDefinition[], type: string): JobDefinition {
  const job = jobs.find((candidate) => candidate.name === type);
  if (!job) {
    const known = jobs.map((candidate) => candidate.name).join(", ");
    throw new EnqueueError(
      `Expected a job type registered in src/jobs/index.ts (${known}), got "${type}"`,
    );
  }
  return job;
}

function encodeBody(type: string, payload: unknown): string {
  try {
    return encodeJob(type, payload);
  } catch (error) {
    // JSON.stringify throws on a BigInt or a circular reference.
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnqueueError(`Expected a payload JSON can encode, got: ${reason}`, { cause: error });
  }
}

/**
 * Checks the payload as the handler will see it: decoded from the body, by the handler's own
 * schema. A Date or an undefined property would pass a check of the original object and then
 * fail at the worker after the JSON round trip.
 */
function assertPayloadIsValid(job: JobDefinition, body: string): void {
  const { payload } = JSON.parse(body) as { payload: unknown };
  const result = job.payload.safeParse(payload);
  if (!result.success) {
    const issues = result.error.issues.map(
      (issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(payload)"}: ${issue.message}`,
    );
    throw new EnqueueError(
      `Expected a payload matching the "${job.name}" schema, got ${issues.join("; ")}`,
    );
  }
}

/** Adds the signature over the body and every other attribute, as the app will rebuild them. */
function sign(key: SigningKey, nowSeconds: number, body: string, fields: MessageFields): void {
  const problem = unsignableAttribute(fields.attributes);
  if (problem !== undefined) {
    throw new EnqueueError(`Expected ${SIGNABLE_ATTRIBUTES_RULE}, got ${problem}`);
  }
  fields.attributes[SIGNATURE_ATTRIBUTE] = signMessage(key, nowSeconds, fields.attributes, body);
}
