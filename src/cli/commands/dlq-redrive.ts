/**
 * `sqs-worker dlq redrive [--id …]`: sends dead-lettered jobs back to the worker queue, batch by
 * batch as it reads them (src/cli/redrive-batch.ts): each is copied first and deleted from the
 * dead-letter queue only once the copy is sent, so a failure leaves a duplicate, never a loss. The
 * app's parking attributes (`worker.*`) are dropped; every other attribute (a periodic task's
 * `beanstalk.sqsd.*`) travels with the body.
 *
 * It moves a snapshot: what was in the dead-letter queue when it started. A running worker may
 * park a redriven job again at once; that copy (it names the id this run gave the job, or SQS
 * moved the very message this run sent) is left where it is, so the command ends, and every
 * message it held but did not move is made visible again in a `finally`.
 */
import { CommandError, InterruptedError, type CliContext } from "../command.js";
import { defineCommand } from "../define-command.js";
import { listFlag, stringFlag, type FlagTable } from "../flags.js";
import type { Message } from "@aws-sdk/client-sqs";
import { summarize } from "../parked-message.js";
import { openQueueReader } from "../queue-reader.js";
import { keptAttributes, redriveBatch, type RedriveResult } from "../redrive-batch.js";
import { signatureRefresher } from "../redrive-signature.js";
import {
  DLQ_URL_FLAG,
  QUEUE_URL_FLAG,
  requireUrl,
  resolveSqsTarget,
  SQS_FLAGS,
} from "../sqs-target.js";
import { parseLimit } from "./limit.js";

const FLAGS: FlagTable = {
  id: {
    type: "string",
    multiple: true,
    value: "message-id",
    description:
      "Redrive only this message (its id as `dlq list` shows it). Repeatable. Default: all.",
  },
  ...DLQ_URL_FLAG,
  ...QUEUE_URL_FLAG,
  ...SQS_FLAGS,
  limit: {
    type: "string",
    value: "n",
    description: "Redrive at most n messages (1-10000). Default: 10000.",
  },
};

/** One line per message on stdout when moved, on stderr when not; true when it was moved. */
function report(result: RedriveResult, nowMs: number, context: CliContext): boolean {
  const id = summarize(result.message, nowMs).id;
  switch (result.outcome) {
    case "moved":
      context.stdout.write(`${id} -> ${result.newMessageId}\n`);
      return true;
    case "not-sent":
      context.stderr.write(`${id}: not sent, still in the dead-letter queue (${result.reason})\n`);
      return false;
    case "not-deleted":
      context.stderr.write(
        `${id}: sent as ${result.newMessageId} but not deleted from the dead-letter queue, so it is there twice (${result.reason})\n`,
      );
      return false;
  }
}

export const dlqRedrive = defineCommand({
  name: "redrive",
  summary: "Send dead-lettered jobs back to the worker queue.",
  usage: "sqs-worker dlq redrive [--id <message-id>]… [options]",
  description:
    "Moves dead-lettered jobs back to the worker queue, where the daemon delivers them again.",
  flags: FLAGS,
  async run({ values }, context) {
    const wanted = new Set(listFlag(values, "id"));
    const limit = parseLimit(stringFlag(values, "limit"), 10000);
    const target = await resolveSqsTarget(values, context);
    const deadLetterQueueUrl = requireUrl(
      target.deadLetterQueueUrl,
      "dlq-url",
      "WORKER_DEAD_LETTER_QUEUE_URL",
    );
    const queueUrl = requireUrl(target.queueUrl, "queue-url", "WORKER_QUEUE_URL");
    try {
      const reader = openQueueReader(target.sqs, deadLetterQueueUrl, limit);
      const startedAtMs = Date.now();
      const found = new Set<string>();
      /** The ids this run gave the jobs it sent: a message carrying one is a copy from this run. */
      const sentIds = new Set<string>();
      /** Read and still in the dead-letter queue: made visible again at the end, whatever happens. */
      const held = new Set<string>();
      let moved = 0;
      let failed = 0;
      let arrivedDuringRun = 0;
      // With WORKER_SIGNING_KEYS set, signatures that hold are renewed (src/cli/redrive-signature.ts).
      const signatures = signatureRefresher(context.config().signingKeys);
      const isFromThisRun = (message: Message): boolean => {
        const { id, dlqMessageId } = summarize(message, startedAtMs);
        const sentAtMs = Number(message.Attributes?.SentTimestamp ?? 0);
        // SQS stamps SentTimestamp with its own clock: a second of slack for a clock that is behind.
        return sentIds.has(id) || sentIds.has(dlqMessageId) || sentAtMs > startedAtMs + 1000;
      };
      try {
        while (!context.signal.aborted && (wanted.size === 0 || found.size < wanted.size)) {
          const batch = await reader.next();
          if (batch.length === 0) break;
          for (const message of batch) held.add(message.MessageId ?? "");
          const chosen = batch.filter((message) => {
            if (isFromThisRun(message)) {
              arrivedDuringRun += 1;
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
          const results = await redriveBatch(
            target.sqs,
            { deadLetterQueueUrl, queueUrl },
            outgoing,
          );
          for (const result of results) {
            if (result.outcome !== "not-sent") sentIds.add(result.newMessageId);
            if (result.outcome === "moved") held.delete(result.message.MessageId ?? "");
            if (report(result, startedAtMs, context)) moved += 1;
            else failed += 1;
          }
        }
      } finally {
        const notReleased = await reader.release(held);
        context.stderr.write(`Redrove ${moved} message(s) to ${queueUrl}.\n`);
        if (signatures.refreshed > 0) {
          context.stderr.write(
            `Signed ${signatures.refreshed} of them again with a fresh timestamp (their signatures held).\n`,
          );
        }
        if (arrivedDuringRun > 0) {
          context.stderr.write(
            `Left ${arrivedDuringRun} message(s) that reached the dead-letter queue after the redrive started (copies parked again by a running worker, or new failures); run it again to move them.\n`,
          );
        }
        if (notReleased > 0) {
          context.stderr.write(
            `${notReleased} message(s) could not be made visible again; they reappear in the dead-letter queue within 60 s.\n`,
          );
        }
      }
      if (failed > 0) {
        throw new CommandError(
          `Expected every chosen message to move, got ${failed} that did not (listed above)`,
        );
      }
      if (context.signal.aborted)
        throw new InterruptedError(
          `Interrupted: redrove ${moved} message(s), the rest stay in the dead-letter queue`,
        );
      const missing = [...wanted].filter((id) => !found.has(id));
      if (missing.length > 0) {
        throw new CommandError(
          `Expected to find ${missing.join(", ")} in the dead-letter queue, got no such message`,
        );
      }
      return 0;
    } finally {
      target.sqs.destroy();
    }
  },
});
