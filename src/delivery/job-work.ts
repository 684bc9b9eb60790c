/** Turns a POST on the job route into the Work of running its job type's handler. */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import type { JobDefinition } from "../jobs/define-job.js";
import type { Logger } from "../logger.js";
import { outcome } from "./outcomes.js";
import { parseEnvelope } from "../protocol/envelope.js";
import { isFinalAttempt } from "./final-attempt.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import type { ModuleSettings } from "../config.js";
import { stringAttribute } from "../protocol/message-attributes.js";
import { fingerprint } from "../idempotency/fingerprint.js";
import { jobRecordKey } from "../idempotency/record-key.js";
import type { Prepared, Work } from "./deliver.js";
import { runTraced } from "../tracing/job-span.js";
import type { ResolvedS3EventRule } from "../s3-events/define-rule.js";
import { routeS3Event } from "../s3-events/route-s3-event.js";
import { jobRetryPolicy } from "../retry/retry-policy.js";
import { attemptOf, readRetryState } from "../retry/retry-state.js";
import { retryAfter } from "../retry/retry-later-error.js";

export interface JobWorkDeps {
  jobs: ReadonlyMap<string, JobDefinition>;
  jobSettings: ModuleSettings;
  /** Each job's and task's own clients, built at start-up (src/modules/clients.ts). */
  moduleClients: ReadonlyMap<object, Readonly<Record<string, unknown>>>;
  defaultTimeoutMs: number;
  maxRetries: number;
  /** Which S3 notifications become which jobs (src/s3-events/rules.ts), WORKER_BUCKET resolved. */
  s3EventRules: readonly ResolvedS3EventRule[];
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
    // The same message running twice here is refused at once; duplicates by the producer's
    // idempotency key are refused by their record, per job type (src/idempotency/record-key.ts).
    key: `message:${delivery.messageId}`,
    delivery,
    name: undefined,
    parkedCopy: () => ({ body: body.toString("utf8"), attributes: attributesOf(delivery) }),
    prepare(): Prepared {
      // An S3 notification is S3's JSON, not our envelope: a rule turns it into one.
      const routed = routeS3Event(body, deps.s3EventRules);
      if (routed?.kind === "ignored") {
        return { ok: "answered", name: undefined, outcome: outcome("ignored", routed.message) };
      }
      if (routed?.kind === "unrouted") {
        return { ok: false, name: undefined, failure: outcome(routed.reason, routed.message) };
      }
      const parsed = routed ? routed.parsed : parseEnvelope(body);
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
      const policy = jobRetryPolicy(job);
      return {
        ok: true,
        name: type,
        timeoutMs: (job.timeoutSeconds ?? deps.defaultTimeoutMs / 1000) * 1000,
        concurrency: job.concurrency,
        record: {
          key: jobRecordKey(type, delivery, retryState?.originalMessageId),
          fingerprint: fingerprint(payload),
        },
        retry: policy && { policy, state: retryState, attempt },
        // In the job's span (src/tracing), with a logger carrying its trace id.
        run: (signal, once) =>
          runTraced(
            {
              spanName: `process ${type}`,
              delivery,
              attributes: { "sqs_worker.job.type": type },
              bindings: { jobType: type, messageId: delivery.messageId },
            },
            log,
            (jobLog) =>
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
                once,
              }),
          ),
      };
    },
  };
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
