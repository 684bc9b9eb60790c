/** `sqs-worker dlq purge --yes`: deletes every message in the dead-letter queue. */
import { PurgeQueueCommand } from "@aws-sdk/client-sqs";
import { UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import type { FlagTable } from "../flags.js";
import { DLQ_URL_FLAG, requireUrl, withSqsTarget, SQS_FLAGS } from "../sqs-target.js";

const FLAGS: FlagTable = {
  yes: { type: "boolean", short: "y", description: "Confirm: the messages cannot be recovered." },
  ...DLQ_URL_FLAG,
  ...SQS_FLAGS,
};

export const dlqPurge = defineCommand({
  name: "purge",
  summary: "Delete every message in the dead-letter queue.",
  usage: "sqs-worker dlq purge --yes [options]",
  description:
    "Deletes every message in the dead-letter queue (SQS PurgeQueue; it may take up to 60 s on AWS).",
  flags: FLAGS,
  async run({ values }, context) {
    return withSqsTarget(values, context, async (target) => {
      const queueUrl = requireUrl(
        target.deadLetterQueueUrl,
        "dlq-url",
        "WORKER_DEAD_LETTER_QUEUE_URL",
      );
      if (!values.yes)
        throw new UsageError(`Expected --yes to confirm purging ${queueUrl}, got none`);
      await target.sqs.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));
      context.stderr.write(`Purged ${queueUrl}.\n`);
      return 0;
    });
  },
});
