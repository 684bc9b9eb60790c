/** `sqs-worker dlq list`: what sits in the dead-letter queue, and why. */
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";
import { formatAge, summarize } from "../parked-message.js";
import { formatTable } from "../table.js";
import { peekQueue } from "../queue-reader.js";
import { DLQ_URL_FLAG, requireUrl, withSqsTarget, SQS_FLAGS } from "../sqs-target.js";
import { parseLimit } from "./limit.js";

const FLAGS: FlagTable = {
  ...DLQ_URL_FLAG,
  ...SQS_FLAGS,
  limit: {
    type: "string",
    value: "n",
    description: "Show at most n messages (1-10000). Default: 100.",
  },
  json: { type: "boolean", description: "One JSON object per line instead of a table." },
};

export const dlqList = defineCommand({
  name: "list",
  summary: "List the jobs in the dead-letter queue.",
  usage: "sqs-worker dlq list [options]",
  description:
    "Lists dead-lettered jobs: id, job type, reason, receive count and age. Messages stay in the queue.",
  flags: FLAGS,
  async run({ values }, context) {
    const limit = parseLimit(stringFlag(values, "limit"), 100);
    return withSqsTarget(values, context, async (target) => {
      const queueUrl = requireUrl(
        target.deadLetterQueueUrl,
        "dlq-url",
        "WORKER_DEAD_LETTER_QUEUE_URL",
      );
      const messages = await peekQueue(target.sqs, queueUrl, limit);
      const now = Date.now();
      const summaries = messages.map((message) => summarize(message, now));
      if (values.json) {
        for (const summary of summaries) context.stdout.write(`${JSON.stringify(summary)}\n`);
      } else if (summaries.length === 0) {
        context.stderr.write(`The dead-letter queue is empty (${queueUrl}).\n`);
      } else {
        const rows = summaries.map((s) => [
          s.id,
          s.jobType,
          s.reason,
          s.receiveCount,
          formatAge(s.ageSeconds),
        ]);
        context.stdout.write(formatTable(["ID", "JOB TYPE", "REASON", "RECEIVES", "AGE"], rows));
      }
      return 0;
    });
  },
});
