/**
 * `sqs-worker dlq redrive [--id …]`: sends dead-lettered jobs back to the worker queue. Each is
 * copied first and deleted from the dead-letter queue only once the copy is sent, so a failure
 * half-way leaves a duplicate, never a loss. The app's parking attributes (`worker.*`) are dropped;
 * every other attribute (a periodic task's `beanstalk.sqsd.*`) travels with the body.
 */
import {
  DeleteMessageCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
} from "@aws-sdk/client-sqs";
import { PARKED_ATTRIBUTE_PREFIX } from "../../dead-letter.js";
import { isFifoQueueUrl } from "../../eb/sqsd-options.js";
import { CommandError, type CliCommand } from "../command.js";
import { helpText, listFlag, parseFlags, stringFlag, type FlagTable } from "../flags.js";
import { summarize } from "../parked-message.js";
import { readQueue } from "../queue-reader.js";
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

const HELP = helpText(
  "sqs-worker dlq redrive [--id <message-id>]… [options]",
  "Moves dead-lettered jobs back to the worker queue, where the daemon delivers them again.",
  FLAGS,
);

function keptAttributes(message: Message): Record<string, MessageAttributeValue> | undefined {
  const kept = Object.entries(message.MessageAttributes ?? {}).filter(
    ([name]) => !name.startsWith(PARKED_ATTRIBUTE_PREFIX),
  );
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}

/** A FIFO worker queue needs a group; the message keeps its own, and its DLQ id dedupes a re-run. */
function fifoFields(
  queueUrl: string,
  message: Message,
): { MessageGroupId?: string; MessageDeduplicationId?: string } {
  if (!isFifoQueueUrl(queueUrl)) return {};
  return {
    MessageGroupId: message.Attributes?.MessageGroupId ?? "redrive",
    MessageDeduplicationId: message.MessageId,
  };
}

export const dlqRedrive: CliCommand = {
  name: "redrive",
  summary: "Send dead-lettered jobs back to the worker queue.",
  async run(args, context) {
    const { values } = parseFlags(args, FLAGS, false);
    if (values.help) {
      context.stdout.write(HELP);
      return 0;
    }
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
      const held = await readQueue(target.sqs, deadLetterQueueUrl, limit);
      const now = Date.now();
      const chosen: Message[] = [];
      const others: Message[] = [];
      const found = new Set<string>();
      for (const message of held.messages) {
        const summary = summarize(message, now);
        const matches =
          wanted.size === 0 || wanted.has(summary.id) || wanted.has(summary.dlqMessageId);
        (matches ? chosen : others).push(message);
        if (matches) found.add(wanted.has(summary.id) ? summary.id : summary.dlqMessageId);
      }
      await held.release(others);
      for (const message of chosen) {
        const sent = await target.sqs.send(
          new SendMessageCommand({
            QueueUrl: queueUrl,
            MessageBody: message.Body,
            MessageAttributes: keptAttributes(message),
            ...fifoFields(queueUrl, message),
          }),
        );
        await target.sqs.send(
          new DeleteMessageCommand({
            QueueUrl: deadLetterQueueUrl,
            ReceiptHandle: message.ReceiptHandle,
          }),
        );
        context.stdout.write(`${summarize(message, now).id} -> ${sent.MessageId ?? "?"}\n`);
      }
      context.stderr.write(`Redrove ${chosen.length} message(s) to ${queueUrl}.\n`);
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
};
