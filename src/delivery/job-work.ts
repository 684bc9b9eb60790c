/** Turns a POST on the job route into the Work of running its job type's handler. */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { JobDefinition } from "../jobs/define-job.js";
import type { Logger } from "../logger.js";
import { outcome } from "./outcomes.js";
import { parseEnvelope } from "../protocol/envelope.js";
import { isFinalAttempt } from "./final-attempt.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import type { ModuleSettings } from "../config.js";
import { IDEMPOTENCY_KEY_ATTRIBUTE, stringAttribute } from "../protocol/message-attributes.js";
import type { Prepared, Work } from "./deliver.js";
import { jobRetryPolicy } from "../retry/retry-policy.js";
import { attemptOf, readRetryState, type RetryState } from "../retry/retry-state.js";
import { retryAfter } from "../retry/retry-later-error.js";

export interface JobWorkDeps {
  jobs: ReadonlyMap<string, JobDefinition>;
  jobSettings: ModuleSettings;
  /** Each job's and task's own clients, built at start-up (src/modules/clients.ts). */
  moduleClients: ReadonlyMap<object, Readonly<Record<string, unknown>>>;
  defaultTimeoutMs: number;
  maxRetries: number;
}

export function jobWork(
  body: Buffer,
  delivery: SqsdDelivery,
  log: Logger,
  deps: JobWorkDeps,
): Work {
  const retryState = readRetryState(delivery);
  const attempt = attemptOf(delivery, retryState);
  return {
    key: completionKey(delivery, retryState),
    delivery,
    name: undefined,
    parkedCopy: () => ({ body: body.toString("utf8"), attributes: attributesOf(delivery) }),
    prepare(): Prepared {
      const parsed = parseEnvelope(body);
      if (!parsed.ok) {
        return { ok: false, name: undefined, failure: outcome(parsed.problem, parsed.message) };
      }
      const { type, payload } = parsed.envelope;
      const job = deps.jobs.get(type);
      if (!job) {
        return {
          ok: false,
          name: undefined,
          failure: outcome(
            "unknown-job-type",
            `Unknown job type "${type}"; expected one of: ${[...deps.jobs.keys()].join(", ")}`,
          ),
        };
      }
      const validated = job.payload.safeParse(payload);
      if (!validated.success) {
        const issues = validated.error.issues.map(
          (issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`,
        );
        return {
          ok: false,
          name: type,
          failure: outcome(
            "invalid-payload",
            `Invalid payload for "${type}": ${issues.join("; ")}`,
          ),
        };
      }
      const jobLog = log.child({ jobType: type, messageId: delivery.messageId });
      const policy = jobRetryPolicy(job);
      return {
        ok: true,
        name: type,
        timeoutMs: (job.timeoutSeconds ?? deps.defaultTimeoutMs / 1000) * 1000,
        concurrency: job.concurrency,
        retry: policy && { policy, state: retryState, attempt },
        run: (signal) =>
          job.handle(validated.data, {
            delivery,
            isFinalAttempt: isFinalAttempt(
              delivery,
              deps.maxRetries,
              policy && { attempt, attempts: policy.attempts },
            ),
            attempt,
            retryAfter,
            log: jobLog,
            signal,
            settings: deps.jobSettings[type] ?? {},
            clients: deps.moduleClients.get(job) ?? {},
          }),
      };
    },
  };
}

/**
 * What "already completed" is remembered by: the producer's idempotency key when it sent one
 * (so two messages for the same business event run once), else the SQS message id: the original
 * message's for a delayed copy (src/retry/), so every copy of one job is one job.
 */
function completionKey(delivery: SqsdDelivery, retryState: RetryState | undefined): string {
  const idempotencyKey = delivery.attributes[IDEMPOTENCY_KEY_ATTRIBUTE];
  if (idempotencyKey) return `key:${idempotencyKey}`;
  return `message:${retryState?.originalMessageId ?? delivery.messageId}`;
}

/**
 * The message's own attributes, as sqsd forwarded them, for the parked copy. sqsd sends only
 * String and Number attributes and HTTP lowercases their names, so that is what survives.
 */
function attributesOf(delivery: SqsdDelivery): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(delivery.attributes)) {
    attributes[name] = stringAttribute(value);
  }
  return attributes;
}
