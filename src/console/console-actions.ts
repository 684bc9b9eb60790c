/**
 * What the console's buttons do, each through the code the CLI uses: the producer (with the
 * job's own schema) for "Enqueue", the dead-letter redrive of `dlq redrive` for "Redrive", and
 * the scheduled-job message of `task run` for "Run now". One implementation of each.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { redriveDeadLetters } from "../cli/redrive-dead-letters.js";
import { sendTaskNow } from "../cli/send-task-now.js";
import { loadCronFile } from "../cron/cron-file.js";
import type { JobDefinition } from "../jobs/define-job.js";
import { EnqueueError } from "../producer/errors.js";
import { createProducer } from "../producer/producer.js";
import type { SigningKeys } from "../protocol/signing-keys.js";
import type { QueueMonitor } from "./queue-monitor.js";

/** A refusal the console reports as it is, with its HTTP status. */
export class ConsoleActionError extends Error {
  override name = "ConsoleActionError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ConsoleActionsOptions {
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  jobs: readonly JobDefinition[];
  /** The app's signing keys (WORKER_SIGNING_KEYS), so what the console sends is signed as the app expects. */
  signingKeys: SigningKeys | undefined;
  cronFile: string;
  monitor: QueueMonitor;
}

export interface RedriveOutcome {
  moved: number;
  failed: number;
  /** Wanted ids not found in the dead-letter queue. */
  missing: string[];
}

export interface ConsoleActions {
  enqueue(type: string, payload: unknown): Promise<{ messageId: string }>;
  /** `ids` empty: every parked message. */
  redrive(ids: readonly string[]): Promise<RedriveOutcome>;
  runTask(name: string): Promise<{ messageId: string }>;
}

/** How many messages one redrive reads at most, as `dlq redrive`'s default. */
const REDRIVE_LIMIT = 10_000;

export function createConsoleActions(options: ConsoleActionsOptions): ConsoleActions {
  const { sqs, queueUrl, deadLetterQueueUrl, monitor } = options;
  const producer = createProducer({
    sqs,
    queueUrl,
    jobs: options.jobs,
    signingKey: options.signingKeys?.signingKey,
  });
  return {
    async enqueue(type, payload) {
      try {
        const sent = await producer.enqueueByName(type, payload);
        void monitor.refresh();
        return sent;
      } catch (error) {
        // The producer's checks name the rule that was broken: the form shows them as they are.
        if (error instanceof EnqueueError) throw new ConsoleActionError(422, error.message);
        throw error;
      }
    },
    async redrive(ids) {
      const summary = await monitor.withDeadLetterQueue(() =>
        redriveDeadLetters({
          sqs,
          deadLetterQueueUrl,
          queueUrl,
          wanted: new Set(ids),
          limit: REDRIVE_LIMIT,
          signingKeys: options.signingKeys,
        }),
      );
      if (summary.missing.length > 0 && summary.moved === 0) {
        throw new ConsoleActionError(
          404,
          `Expected to find ${summary.missing.join(", ")} in the dead-letter queue, got no such message`,
        );
      }
      return { moved: summary.moved, failed: summary.failed, missing: summary.missing };
    },
    async runTask(name) {
      const tasks = (await loadCronFile(options.cronFile)) ?? [];
      const task = tasks.find((candidate) => candidate.name === name);
      if (!task) {
        throw new ConsoleActionError(
          404,
          `Expected a task from ${options.cronFile} (${tasks.map((t) => t.name).join(", ")}), got "${name}"`,
        );
      }
      const sent = await sendTaskNow(sqs, queueUrl, task);
      void monitor.refresh();
      return sent;
    },
  };
}
