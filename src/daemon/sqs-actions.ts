/**
 * The daemon's settle actions on SQS, batched: delete after a 200, and change visibility after a
 * failure (to ErrorVisibilityTimeout) or on stop (to 0, for messages that were never POSTed).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  type BatchResultErrorEntry,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { createBatcher, type Batcher } from "./batcher.js";
import type { DaemonEvents, MessageRef } from "./events.js";
import { resolvedCall } from "./sqs-calls.js";
import { toError } from "../errors.js";

export interface Settled extends MessageRef {
  receiptHandle: string;
}

export interface SettleActions {
  deleter: Batcher<Settled>;
  /** One batcher per visibility timeout, created on first use. */
  changeVisibility(entry: Settled, timeoutSeconds: number): void;
  flush(): Promise<void>;
}

function failedError(failed: BatchResultErrorEntry[]): Error {
  const first = failed[0];
  return new Error(
    `${failed.length} of the batch failed; first: ${first?.Code ?? "?"} ${first?.Message ?? ""}`,
  );
}

export function createSettleActions(
  sqs: SQSClient,
  queueUrl: string,
  flushMs: number,
  events: DaemonEvents,
): SettleActions {
  const deleteMessageBatch = resolvedCall(sqs, DeleteMessageBatchCommand);
  const changeMessageVisibilityBatch = resolvedCall(sqs, ChangeMessageVisibilityBatchCommand);

  const deleter = createBatcher<Settled>(flushMs, async (entries) => {
    try {
      const result = await deleteMessageBatch({
        QueueUrl: queueUrl,
        Entries: entries.map((entry, index) => ({
          Id: String(index),
          ReceiptHandle: entry.receiptHandle,
        })),
      });
      const failed = result.Failed ?? [];
      if (failed.length > 0)
        events.emit("sqs-error", { action: "DeleteMessageBatch", error: failedError(failed) });
      const failedIds = new Set(failed.map((entry) => entry.Id));
      events.emit(
        "deleted",
        entries.filter((_, index) => !failedIds.has(String(index))).map(toRef),
      );
    } catch (error) {
      events.emit("sqs-error", { action: "DeleteMessageBatch", error: toError(error) });
    }
  });

  const visibilityBatchers = new Map<number, Batcher<Settled>>();
  const visibilityBatcher = (timeoutSeconds: number): Batcher<Settled> => {
    let batcher = visibilityBatchers.get(timeoutSeconds);
    if (batcher) return batcher;
    batcher = createBatcher<Settled>(flushMs, async (entries) => {
      try {
        const result = await changeMessageVisibilityBatch({
          QueueUrl: queueUrl,
          Entries: entries.map((entry, index) => ({
            Id: String(index),
            ReceiptHandle: entry.receiptHandle,
            VisibilityTimeout: timeoutSeconds,
          })),
        });
        const failed = result.Failed ?? [];
        if (failed.length > 0)
          events.emit("sqs-error", {
            action: "ChangeMessageVisibilityBatch",
            error: failedError(failed),
          });
        const failedIds = new Set(failed.map((entry) => entry.Id));
        events.emit(
          "visibility-changed",
          entries.filter((_, index) => !failedIds.has(String(index))).map(toRef),
          timeoutSeconds,
        );
      } catch (error) {
        events.emit("sqs-error", { action: "ChangeMessageVisibilityBatch", error: toError(error) });
      }
    });
    visibilityBatchers.set(timeoutSeconds, batcher);
    return batcher;
  };

  return {
    deleter,
    changeVisibility: (entry, timeoutSeconds) => {
      visibilityBatcher(timeoutSeconds).add(entry);
    },
    async flush() {
      await Promise.all([
        deleter.flush(),
        ...[...visibilityBatchers.values()].map((batcher) => batcher.flush()),
      ]);
    },
  };
}

function toRef(entry: Settled): MessageRef {
  return { messageId: entry.messageId, receiveCount: entry.receiveCount };
}
