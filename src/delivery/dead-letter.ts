/**
 * Parks permanently failing messages in the dead-letter queue at once, instead of letting sqsd
 * retry them `MaxRetries` times. The original body and attributes travel unchanged; why it was
 * parked travels in one more attribute, `worker.parked`, which `dlq list` shows and `dlq redrive`
 * strips.
 *
 * The copy is checked against SQS's limits before it is sent (10 attributes, the dead-letter
 * queue's MaximumMessageSize): a copy that cannot fit throws ParkingLimitError, and the caller
 * keeps the verdict instead (see deliver.ts).
 */
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SqsdDelivery } from "../protocol/headers.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import { PARKED_ATTRIBUTE, parkedAttribute } from "../protocol/message-attributes.js";
import {
  SQS_MAX_ATTRIBUTES,
  SQS_OLD_DEFAULT_MESSAGE_BYTES,
  sqsMessageBytes,
} from "../protocol/sqs-limits.js";
import type { Reason } from "./outcomes.js";

// A detail this long is already unreadable; it also keeps the copy close to the original's size.
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

/** The parked copy would break one of SQS's limits; sending it would only fail. */
export class ParkingLimitError extends Error {
  override name = "ParkingLimitError";
}

export function createSqsDeadLetterQueue(
  sqs: SQSClient,
  queueUrl: string,
  now = () => new Date(),
): DeadLetterQueue {
  const fifo = isFifoQueueUrl(queueUrl);
  const maxBytes = queueMessageLimit(sqs, queueUrl);
  return {
    async park(message, signal) {
      const attributes: Record<string, MessageAttributeValue> = {
        ...message.attributes,
        [PARKED_ATTRIBUTE]: parkedAttribute({
          reason: message.reason,
          detail: message.detail.slice(0, MAX_DETAIL_LENGTH) || "-",
          jobType: message.jobType,
          originalMessageId: message.delivery.messageId,
          receiveCount: message.delivery.receiveCount,
          originalQueue: message.delivery.queue,
          parkedAt: now().toISOString(),
        }),
      };
      const count = Object.keys(attributes).length;
      if (count > SQS_MAX_ATTRIBUTES) {
        throw new ParkingLimitError(
          `Expected at most ${SQS_MAX_ATTRIBUTES} message attributes, got ${count} (the message's own ${count - 1} and ${PARKED_ATTRIBUTE})`,
        );
      }
      const bytes = sqsMessageBytes(message.body, attributes);
      const limit = await maxBytes(signal);
      if (bytes > limit) {
        throw new ParkingLimitError(
          `Expected a parked copy of at most ${limit} bytes (the dead-letter queue's MaximumMessageSize), got ${bytes} (body and attributes)`,
        );
      }
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

/**
 * The queue's MaximumMessageSize, asked once. If SQS cannot say, the smallest default in use
 * (256 KiB) is assumed for this copy and the question asked again next time: guessing too high
 * would make SQS refuse the copy, and the handler would run again on the retry.
 */
function queueMessageLimit(sqs: SQSClient, queueUrl: string) {
  let known: number | undefined;
  return async (signal?: AbortSignal): Promise<number> => {
    if (known !== undefined) return known;
    try {
      const result = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queueUrl,
          AttributeNames: ["MaximumMessageSize"],
        }),
        { abortSignal: signal },
      );
      const value = Number(result.Attributes?.MaximumMessageSize);
      if (Number.isInteger(value) && value > 0) known = value;
      return known ?? SQS_OLD_DEFAULT_MESSAGE_BYTES;
    } catch {
      return SQS_OLD_DEFAULT_MESSAGE_BYTES;
    }
  };
}
