/**
 * Parks permanently failing messages in the dead-letter queue at once, instead of letting sqsd
 * retry them `MaxRetries` times. The original body travels unchanged; why it was parked travels
 * in message attributes, which `dlq list` shows and `dlq redrive` strips.
 */
import {
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SqsdDelivery } from "../protocol/headers.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import { PARKED_ATTRIBUTE, stringAttribute } from "../protocol/message-attributes.js";
import type { Reason } from "./outcomes.js";

// SQS allows 256 KiB of attribute values with the body; a detail this long is already unreadable.
const MAX_DETAIL_LENGTH = 1000;

export interface ParkedMessage {
  body: string;
  /** Attributes to keep with the body, e.g. the `beanstalk.sqsd.*` ones of a periodic task. */
  attributes?: Record<string, MessageAttributeValue>;
  reason: Reason;
  detail: string;
  jobType: string | undefined;
  delivery: SqsdDelivery;
}

export interface DeadLetterQueue {
  park(message: ParkedMessage, signal?: AbortSignal): Promise<void>;
}

export function createSqsDeadLetterQueue(
  sqs: SQSClient,
  queueUrl: string,
  now = () => new Date(),
): DeadLetterQueue {
  const fifo = isFifoQueueUrl(queueUrl);
  return {
    async park(message, signal) {
      const attributes: Record<string, MessageAttributeValue> = {
        ...message.attributes,
        [PARKED_ATTRIBUTE.reason]: stringAttribute(message.reason),
        [PARKED_ATTRIBUTE.detail]: stringAttribute(
          message.detail.slice(0, MAX_DETAIL_LENGTH) || "-",
        ),
        [PARKED_ATTRIBUTE.originalMessageId]: stringAttribute(message.delivery.messageId),
        [PARKED_ATTRIBUTE.receiveCount]: {
          DataType: "Number",
          StringValue: String(message.delivery.receiveCount),
        },
        [PARKED_ATTRIBUTE.queue]: stringAttribute(message.delivery.queue),
        [PARKED_ATTRIBUTE.parkedAt]: stringAttribute(now().toISOString()),
      };
      if (message.jobType) attributes[PARKED_ATTRIBUTE.jobType] = stringAttribute(message.jobType);
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: message.body,
          MessageAttributes: attributes,
          // A FIFO dead-letter queue needs a group; the original id makes a re-park a duplicate.
          ...(fifo
            ? { MessageGroupId: "dead-letter", MessageDeduplicationId: message.delivery.messageId }
            : {}),
        }),
        { abortSignal: signal },
      );
    },
  };
}
