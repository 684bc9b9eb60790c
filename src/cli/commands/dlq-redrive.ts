/**
 * `sqs-worker dlq redrive [--id …]`: sends dead-lettered jobs back to the worker queue
 * (src/cli/redrive-dead-letters.ts, shared with the local console): each is copied first and
 * deleted from the dead-letter queue only once the copy is sent, so a failure leaves a duplicate,
 * never a loss. It moves a snapshot: what was in the dead-letter queue when it started.
 */
import { CommandError, InterruptedError, type CliContext } from "../command.js";
import { defineCommand } from "../define-command.js";
import { listFlag, stringFlag, type FlagTable } from "../flags.js";
import { summarize } from "../parked-message.js";
import type { RedriveResult } from "../redrive-batch.js";
import { redriveDeadLetters, type RedriveSummary } from "../redrive-dead-letters.js";
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

/** One line per message: on stdout when moved, on stderr when not. */
function report(result: RedriveResult, nowMs: number, context: CliContext): void {
  const id = summarize(result.message, nowMs).id;
  switch (result.outcome) {
    case "moved":
      context.stdout.write(`${id} -> ${result.newMessageId}\n`);
      return;
    case "not-sent":
      context.stderr.write(`${id}: not sent, still in the dead-letter queue (${result.reason})\n`);
      return;
    case "not-deleted":
      context.stderr.write(
        `${id}: sent as ${result.newMessageId} but not deleted from the dead-letter queue, so it is there twice (${result.reason})\n`,
      );
      return;
  }
}

/** The lines every run ends with, also when it failed part-way. */
function reportSummary(summary: RedriveSummary, queueUrl: string, context: CliContext): void {
  context.stderr.write(`Redrove ${summary.moved} message(s) to ${queueUrl}.\n`);
  if (summary.resigned > 0) {
    context.stderr.write(
      `Signed ${summary.resigned} of them again with a fresh timestamp (their signatures held).\n`,
    );
  }
  if (summary.arrivedDuringRun > 0) {
    context.stderr.write(
      `Left ${summary.arrivedDuringRun} message(s) that reached the dead-letter queue after the redrive started (copies parked again by a running worker, or new failures); run it again to move them.\n`,
    );
  }
  if (summary.notReleased > 0) {
    context.stderr.write(
      `${summary.notReleased} message(s) could not be made visible again; they reappear in the dead-letter queue within 60 s.\n`,
    );
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
      const summary = await redriveDeadLetters({
        sqs: target.sqs,
        deadLetterQueueUrl,
        queueUrl,
        wanted,
        limit,
        signingKeys: context.config().signingKeys,
        signal: context.signal,
        onResult: (result, startedAtMs) => {
          report(result, startedAtMs, context);
        },
        onFinish: (summary) => {
          reportSummary(summary, queueUrl, context);
        },
      });
      if (summary.failed > 0) {
        throw new CommandError(
          `Expected every chosen message to move, got ${summary.failed} that did not (listed above)`,
        );
      }
      if (context.signal.aborted)
        throw new InterruptedError(
          `Interrupted: redrove ${summary.moved} message(s), the rest stay in the dead-letter queue`,
        );
      if (summary.missing.length > 0) {
        throw new CommandError(
          `Expected to find ${summary.missing.join(", ")} in the dead-letter queue, got no such message`,
        );
      }
      return 0;
    } finally {
      target.sqs.destroy();
    }
  },
});
