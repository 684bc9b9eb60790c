/**
 * Sends the delayed copy of a message that failed in a job type with a retry policy: the same
 * body and attributes to the worker queue (WORKER_QUEUE_URL, through the app's SQS client), with
 * `DelaySeconds` and the `worker.retry` attribute (retry-state.ts). In a signed deployment the
 * copy is signed again with the first key: its attributes changed, and its SentTimestamp is new.
 */
import {
  SendMessageCommand,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { RETRY_ATTRIBUTE, stringAttribute } from "../protocol/message-attributes.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import { SIGNATURE_ATTRIBUTE, signMessage } from "../protocol/signature.js";
import type { SigningKeys } from "../protocol/signing-keys.js";
import { SQS_MAX_ATTRIBUTES, SQS_MAX_DELAY_SECONDS } from "../protocol/sqs-limits.js";
import { formatRetryState, type RetryState } from "./retry-state.js";

export interface DelayedCopy {
  body: string;
  /** The message's own attributes as sqsd forwarded them (names lowercased). */
  attributes: Readonly<Record<string, string>>;
  state: RetryState;
  /** 0 to 900. */
  delaySeconds: number;
}

export type RetryScheduler =
  | {
      available: true;
      /** Epoch milliseconds. */
      now: () => number;
      /** In [0, 1): the jitter's randomness. */
      random: () => number;
      send: (copy: DelayedCopy, signal: AbortSignal) => Promise<void>;
    }
  | {
      available: false;
      /** Why delayed copies cannot be sent here, for the outcome's message. */
      why: string;
    };

/** The copy would break SQS's 10-attribute limit; sending it would only fail. */
export class RetryCopyLimitError extends Error {
  override name = "RetryCopyLimitError";
}

export interface RetrySchedulerOptions {
  sqs: SQSClient | undefined;
  queueUrl: string | undefined;
  signingKeys?: SigningKeys | undefined;
  /** @default Date.now */
  now?: () => number;
  /** @default Math.random */
  random?: () => number;
}

export function createRetryScheduler(options: RetrySchedulerOptions): RetryScheduler {
  const { sqs, queueUrl, signingKeys } = options;
  if (queueUrl === undefined) {
    return { available: false, why: "WORKER_QUEUE_URL is not set, so no delayed copy can be sent" };
  }
  if (isFifoQueueUrl(queueUrl)) {
    return {
      available: false,
      why: "the worker queue is a FIFO queue, where SQS does not delay single messages",
    };
  }
  if (sqs === undefined) {
    return { available: false, why: "the app has no SQS client to send a delayed copy with" };
  }
  const now = options.now ?? Date.now;
  return {
    available: true,
    now,
    random: options.random ?? Math.random,
    async send(copy, signal) {
      const attributes = copyAttributes(copy, signingKeys, now);
      const count = Object.keys(attributes).length;
      if (count > SQS_MAX_ATTRIBUTES) {
        throw new RetryCopyLimitError(
          `Expected at most ${SQS_MAX_ATTRIBUTES} message attributes on the delayed copy, got ${count} (the message's own and ${RETRY_ATTRIBUTE})`,
        );
      }
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: copy.body,
          DelaySeconds: Math.min(Math.max(0, Math.ceil(copy.delaySeconds)), SQS_MAX_DELAY_SECONDS),
          MessageAttributes: attributes,
        }),
        { abortSignal: signal },
      );
    },
  };
}

function copyAttributes(
  copy: DelayedCopy,
  signingKeys: SigningKeys | undefined,
  now: () => number,
): Record<string, MessageAttributeValue> {
  const plain: Record<string, string> = {};
  for (const [name, value] of Object.entries(copy.attributes)) {
    // The old signature no longer covers the copy's attributes; the old state is replaced.
    if (name !== SIGNATURE_ATTRIBUTE && name !== RETRY_ATTRIBUTE) plain[name] = value;
  }
  plain[RETRY_ATTRIBUTE] = formatRetryState(copy.state);
  if (signingKeys) {
    const signedAt = Math.floor(now() / 1000);
    plain[SIGNATURE_ATTRIBUTE] = signMessage(signingKeys.signingKey, signedAt, plain, copy.body);
  }
  return Object.fromEntries(
    Object.entries(plain).map(([name, value]) => [name, stringAttribute(value)]),
  );
}
