/** `sqs-worker queue stats`: how many messages wait, are being worked on, or are delayed. */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { readQueueDepth, type QueueDepth } from "../queue-depth.js";
import { defineCommand } from "../define-command.js";
import type { FlagTable } from "../flags.js";
import {
  DLQ_URL_FLAG,
  QUEUE_URL_FLAG,
  requireUrl,
  withSqsTarget,
  SQS_FLAGS,
} from "../sqs-target.js";
import { formatTable } from "../table.js";

const FLAGS: FlagTable = {
  ...QUEUE_URL_FLAG,
  ...DLQ_URL_FLAG,
  ...SQS_FLAGS,
  json: { type: "boolean", description: "One JSON object per queue instead of a table." },
};

interface QueueStats extends QueueDepth {
  queue: string;
  url: string;
}

async function statsOf(sqs: SQSClient, queue: string, url: string): Promise<QueueStats> {
  return { queue, url, ...(await readQueueDepth(sqs, url)) };
}

export const queueStats = defineCommand({
  name: "stats",
  summary: "Show visible, in-flight and delayed messages of the worker queue and the DLQ.",
  usage: "sqs-worker queue stats [options]",
  description:
    "Shows the worker queue's and the dead-letter queue's depth: visible (waiting), in flight\n(received, not yet deleted) and delayed. SQS's counts are approximate.",
  flags: FLAGS,
  async run({ values }, context) {
    return withSqsTarget(values, context, async (target) => {
      const queues: { name: string; url: string | undefined }[] = [
        { name: "worker queue", url: target.queueUrl },
        { name: "dead-letter queue", url: target.deadLetterQueueUrl },
      ];
      const known = queues.flatMap(({ name, url }) => (url === undefined ? [] : [{ name, url }]));
      // With neither queue known, the same error as every command that needs one.
      if (known.length === 0) requireUrl(undefined, "queue-url", "WORKER_QUEUE_URL");
      const stats = await Promise.all(known.map(({ name, url }) => statsOf(target.sqs, name, url)));
      if (values.json) {
        for (const row of stats) context.stdout.write(`${JSON.stringify(row)}\n`);
        return 0;
      }
      const rows = stats.map((row) => [
        row.queue,
        String(row.visible),
        String(row.inFlight),
        String(row.delayed),
      ]);
      context.stdout.write(formatTable(["QUEUE", "VISIBLE", "IN FLIGHT", "DELAYED"], rows));
      return 0;
    });
  },
});
