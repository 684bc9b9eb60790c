/**
 * Extends the visibility of the messages that need it before their POST, batched: the messages of
 * one ReceiveMessage reach the dispatcher in the same turn of the event loop, and at the AWS
 * defaults (VisibilityTimeout 30 s, InactivityTimeout 299 s) every one of them needs extending,
 * so one ChangeMessageVisibilityBatch per receive replaces up to ten ChangeMessageVisibility
 * calls. Nothing waits for a timer: a batch goes out at the end of the turn that asked for it
 * (setImmediate), so a single message is not held back.
 *
 * An entry the batch lists as failed, or every entry when the batch call throws, resolves as
 * `false`: the caller then extends it on its own, with its retries (sqs-actions.ts).
 */
import { ChangeMessageVisibilityBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SQS_MAX_BATCH_ENTRIES } from "../protocol/sqs-limits.js";
import type { Clock } from "./clock.js";
import { resolvedCall } from "./sqs-calls.js";

interface Waiting {
  receiptHandle: string;
  /** With the time the batch call started (SQS counts the new timeout from no earlier), or undefined. */
  done: (startedMs: number | undefined) => void;
}

export type ExtendInBatch = (
  receiptHandle: string,
  timeoutSeconds: number,
) => Promise<number | undefined>;

export function createVisibilityExtender(options: {
  sqs: SQSClient;
  queueUrl: string;
  clock: Clock;
}): ExtendInBatch {
  const changeBatch = resolvedCall(options.sqs, ChangeMessageVisibilityBatchCommand);
  const pending = new Map<number, Waiting[]>();
  let scheduled = false;

  const send = async (timeoutSeconds: number, batch: Waiting[]): Promise<void> => {
    const startedMs = options.clock.Date.now();
    let failedIds: Set<string | undefined>;
    try {
      const result = await changeBatch({
        QueueUrl: options.queueUrl,
        Entries: batch.map((waiting, index) => ({
          Id: String(index),
          ReceiptHandle: waiting.receiptHandle,
          VisibilityTimeout: timeoutSeconds,
        })),
      });
      failedIds = new Set((result.Failed ?? []).map((entry) => entry.Id));
    } catch {
      // Each entry is retried on its own, which reports what finally went wrong.
      for (const waiting of batch) waiting.done(undefined);
      return;
    }
    batch.forEach((waiting, index) => {
      waiting.done(failedIds.has(String(index)) ? undefined : startedMs);
    });
  };

  const sendAll = (): void => {
    scheduled = false;
    for (const [timeoutSeconds, waiting] of pending) {
      for (let start = 0; start < waiting.length; start += SQS_MAX_BATCH_ENTRIES) {
        void send(timeoutSeconds, waiting.slice(start, start + SQS_MAX_BATCH_ENTRIES));
      }
    }
    pending.clear();
  };

  return (receiptHandle, timeoutSeconds) =>
    new Promise((done) => {
      const list = pending.get(timeoutSeconds);
      if (list) list.push({ receiptHandle, done });
      else pending.set(timeoutSeconds, [{ receiptHandle, done }]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(sendAll);
      }
    });
}
