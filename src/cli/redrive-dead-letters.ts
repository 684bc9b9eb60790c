/**
 * The redrive of `dlq redrive` and of the local console's buttons, in one place: reads the
 * dead-letter queue batch by batch and moves the chosen messages to the worker queue
 * (src/cli/redrive-batch.ts): each is copied first and deleted from the dead-letter queue only
 * once the copy is sent, so a failure leaves a duplicate, never a loss. The app's parking
 * attributes (`worker.*`) are dropped; every other attribute (a periodic task's
 * `beanstalk.sqsd.*`) travels with the body.
 *
 * It moves a snapshot: what was in the dead-letter queue when it started. A running worker may
 * park a redriven job again at once; that copy (it names the id this run gave the job, or SQS
 * moved the very message this run sent) is left where it is, so the run ends, and every message
 * it held but did not move is made visible again in a `finally`.
 */
import type { Message, SQSClient } from "@aws-sdk/client-sqs";
import type { SigningKeys } from "../protocol/signing-keys.js";
import { summarize } from "./parked-message.js";
import { openQueueReader } from "./queue-reader.js";
import { keptAttributes, redriveBatch, type RedriveResult } from "./redrive-batch.js";
import { signatureRefresher } from "./redrive-signature.js";

export interface RedriveDeadLettersOptions {
  sqs: SQSClient;
  deadLetterQueueUrl: string;
  queueUrl: string;
  /** Only these messages (the id `dlq list` shows, or the copy's own id); empty for all. */
  wanted: ReadonlySet<string>;
  /** At most this many messages are read. */
  limit: number;
  /** With keys, signatures that hold are renewed (src/cli/redrive-signature.ts). */
  signingKeys: SigningKeys | undefined;
  /** Stops after the batch under way. */
  signal?: AbortSignal;
  /** Each message's result, as it comes; `startedAtMs` is when the run began. */
  onResult?: (result: RedriveResult, startedAtMs: number) => void;
  /** Called once, also when the run fails part-way, with what was done so far. */
  onFinish?: (summary: RedriveSummary) => void;
}

export interface RedriveSummary {
  moved: number;
  /** Chosen but not moved (each reported through onResult). */
  failed: number;
  /** Left because they reached the dead-letter queue after the run started. */
  arrivedDuringRun: number;
  /** Held but not made visible again: they reappear when their 60 s hold runs out. */
  notReleased: number;
  /** Moved with a fresh signature. */
  resigned: number;
  /** Wanted ids that were not found. */
  missing: string[];
}

export async function redriveDeadLetters(
  options: RedriveDeadLettersOptions,
): Promise<RedriveSummary> {
  const { sqs, deadLetterQueueUrl, queueUrl, wanted } = options;
  const reader = openQueueReader(sqs, deadLetterQueueUrl, options.limit);
  const startedAtMs = Date.now();
  const found = new Set<string>();
  /** The ids this run gave the jobs it sent: a message carrying one is a copy from this run. */
  const sentIds = new Set<string>();
  /** Read and still in the dead-letter queue: made visible again at the end, whatever happens. */
  const held = new Set<string>();
  const summary: RedriveSummary = {
    moved: 0,
    failed: 0,
    arrivedDuringRun: 0,
    notReleased: 0,
    resigned: 0,
    missing: [],
  };
  const signatures = signatureRefresher(options.signingKeys);
  const isFromThisRun = (message: Message): boolean => {
    const { id, dlqMessageId } = summarize(message, startedAtMs);
    const sentAtMs = Number(message.Attributes?.SentTimestamp ?? 0);
    // SQS stamps SentTimestamp with its own clock: a second of slack for a clock that is behind.
    return sentIds.has(id) || sentIds.has(dlqMessageId) || sentAtMs > startedAtMs + 1000;
  };
  try {
    while (!options.signal?.aborted && (wanted.size === 0 || found.size < wanted.size)) {
      const batch = await reader.next();
      if (batch.length === 0) break;
      for (const message of batch) held.add(message.MessageId ?? "");
      const chosen = batch.filter((message) => {
        if (isFromThisRun(message)) {
          summary.arrivedDuringRun += 1;
          return false;
        }
        const { id, dlqMessageId } = summarize(message, startedAtMs);
        const match = wanted.size === 0 ? id : [id, dlqMessageId].find((w) => wanted.has(w));
        if (match !== undefined) found.add(match);
        return match !== undefined;
      });
      const outgoing = chosen.map((message) =>
        signatures.refresh(message, keptAttributes(message) ?? {}),
      );
      const results = await redriveBatch(sqs, { deadLetterQueueUrl, queueUrl }, outgoing);
      for (const result of results) {
        if (result.outcome !== "not-sent") sentIds.add(result.newMessageId);
        if (result.outcome === "moved") {
          held.delete(result.message.MessageId ?? "");
          summary.moved += 1;
        } else summary.failed += 1;
        options.onResult?.(result, startedAtMs);
      }
    }
  } finally {
    summary.notReleased = await reader.release(held);
    summary.resigned = signatures.refreshed;
    summary.missing = [...wanted].filter((id) => !found.has(id));
    options.onFinish?.(summary);
  }
  return summary;
}
