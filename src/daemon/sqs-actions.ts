/**
 * The daemon's settle actions on SQS, batched: delete after a 200, and change visibility after a
 * failure (to ErrorVisibilityTimeout) or on stop (to 0, for messages that were never POSTed).
 *
 * A batch call that throws, and each entry a batch lists in `Failed`, is retried entry by entry
 * with back-off (back-off.ts) for as long as the message's visibility lasts: after that its
 * receipt handle is worthless, and the message is SQS's again.
 */
import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { retrySqsCall } from "./back-off.js";
import { createBatcher, type Batcher } from "./batcher.js";
import type { Clock } from "./clock.js";
import type { DaemonEvents, MessageRef } from "./events.js";
import { resolvedCall } from "./sqs-calls.js";
import { createVisibilityExtender } from "./visibility-extender.js";
import { toError } from "../errors.js";

export interface Settled extends MessageRef {
  receiptHandle: string;
  /** When the message becomes visible again in SQS (ms since the epoch): retries stop there. */
  visibleUntilMs: number;
}

export interface SettleActions {
  deleter: Batcher<Settled>;
  /** One batcher per visibility timeout, created on first use. */
  changeVisibility(entry: Settled, timeoutSeconds: number): void;
  /**
   * Extends one message's visibility to `timeoutSeconds` from now, retried while its visibility
   * lasts. Resolves with the new deadline, or undefined when it could not (reported).
   */
  extendVisibility(entry: Settled, timeoutSeconds: number): Promise<number | undefined>;
  /** Resolves when every batch and every retry so far has settled. */
  flush(): Promise<void>;
  /** Ends the back-off waits: entries still failing are given up (the daemon is stopping). */
  abortRetries(): void;
}

interface EntryFailure {
  Id?: string | undefined;
  Code?: string | undefined;
  Message?: string | undefined;
}

export function createSettleActions(options: {
  sqs: SQSClient;
  queueUrl: string;
  flushMs: number;
  events: DaemonEvents;
  clock: Clock;
}): SettleActions {
  const { sqs, queueUrl, events, clock } = options;
  const abort = new AbortController();
  const deleteMessageBatch = resolvedCall(sqs, DeleteMessageBatchCommand);
  const deleteMessage = resolvedCall(sqs, DeleteMessageCommand);
  const changeMessageVisibilityBatch = resolvedCall(sqs, ChangeMessageVisibilityBatchCommand);
  const changeMessageVisibility = resolvedCall(sqs, ChangeMessageVisibilityCommand);
  const extendInBatch = createVisibilityExtender({ sqs, queueUrl, clock });

  /**
   * Sends one batch; entries that fail (all of them when the call throws) are retried one by one.
   * Resolves with the entries that succeeded; reports each one given up as an sqs-error.
   */
  const settleBatch = async (
    action: string,
    entries: Settled[],
    sendBatch: () => Promise<{ Failed?: EntryFailure[] | undefined }>,
    sendOne: (entry: Settled) => Promise<unknown>,
  ): Promise<Settled[]> => {
    let failed: Settled[];
    try {
      const result = await sendBatch();
      const failedIds = new Set((result.Failed ?? []).map((entry) => entry.Id));
      failed = entries.filter((_, index) => failedIds.has(String(index)));
    } catch (error) {
      events.emit("sqs-error", { action: `${action}Batch`, error: toError(error) });
      failed = entries;
    }
    const retried = await Promise.all(
      failed.map(async (entry) => {
        try {
          await retrySqsCall(() => sendOne(entry), {
            deadlineMs: entry.visibleUntilMs,
            clock,
            signal: abort.signal,
          });
          return true;
        } catch (error) {
          events.emit("sqs-error", {
            action,
            error: new Error(
              `${entry.messageId} (${entry.receiveCount}): ${toError(error).message}`,
              {
                cause: error,
              },
            ),
          });
          return false;
        }
      }),
    );
    const given = new Set(failed.filter((_, index) => retried[index] === false));
    return entries.filter((entry) => !given.has(entry));
  };

  const deleter = createBatcher<Settled>(options.flushMs, async (entries) => {
    const deleted = await settleBatch(
      "DeleteMessage",
      entries,
      () =>
        deleteMessageBatch({
          QueueUrl: queueUrl,
          Entries: entries.map((entry, index) => ({
            Id: String(index),
            ReceiptHandle: entry.receiptHandle,
          })),
        }),
      (entry) => deleteMessage({ QueueUrl: queueUrl, ReceiptHandle: entry.receiptHandle }),
    );
    if (deleted.length > 0) events.emit("deleted", deleted.map(toRef));
  });

  const visibilityBatchers = new Map<number, Batcher<Settled>>();
  const visibilityBatcher = (timeoutSeconds: number): Batcher<Settled> => {
    let batcher = visibilityBatchers.get(timeoutSeconds);
    if (batcher) return batcher;
    batcher = createBatcher<Settled>(options.flushMs, async (entries) => {
      const changed = await settleBatch(
        "ChangeMessageVisibility",
        entries,
        () =>
          changeMessageVisibilityBatch({
            QueueUrl: queueUrl,
            Entries: entries.map((entry, index) => ({
              Id: String(index),
              ReceiptHandle: entry.receiptHandle,
              VisibilityTimeout: timeoutSeconds,
            })),
          }),
        (entry) =>
          changeMessageVisibility({
            QueueUrl: queueUrl,
            ReceiptHandle: entry.receiptHandle,
            VisibilityTimeout: timeoutSeconds,
          }),
      );
      if (changed.length > 0) events.emit("visibility-changed", changed.map(toRef), timeoutSeconds);
    });
    visibilityBatchers.set(timeoutSeconds, batcher);
    return batcher;
  };

  return {
    deleter,
    changeVisibility: (entry, timeoutSeconds) => {
      visibilityBatcher(timeoutSeconds).add(entry);
    },
    async extendVisibility(entry, timeoutSeconds) {
      // The messages of one receive, in one batch call; what the batch could not do, one by one.
      const batchedFrom = await extendInBatch(entry.receiptHandle, timeoutSeconds);
      if (batchedFrom !== undefined) {
        events.emit("visibility-extended", toRef(entry), timeoutSeconds);
        return batchedFrom + timeoutSeconds * 1000;
      }
      // SQS counts the new timeout from when it handles the call: never earlier than this.
      const startedMs = clock.Date.now();
      try {
        await retrySqsCall(
          () =>
            changeMessageVisibility({
              QueueUrl: queueUrl,
              ReceiptHandle: entry.receiptHandle,
              VisibilityTimeout: timeoutSeconds,
            }),
          { deadlineMs: entry.visibleUntilMs, clock, signal: abort.signal },
        );
      } catch (error) {
        events.emit("sqs-error", {
          action: "ChangeMessageVisibility",
          error: new Error(
            `${entry.messageId} (${entry.receiveCount}) not POSTed, its visibility could not be extended: ${toError(error).message}`,
            { cause: error },
          ),
        });
        return undefined;
      }
      events.emit("visibility-extended", toRef(entry), timeoutSeconds);
      return startedMs + timeoutSeconds * 1000;
    },
    async flush() {
      await Promise.all([
        deleter.flush(),
        ...[...visibilityBatchers.values()].map((batcher) => batcher.flush()),
      ]);
    },
    abortRetries() {
      abort.abort();
    },
  };
}

function toRef(entry: Settled): MessageRef {
  return { messageId: entry.messageId, receiveCount: entry.receiveCount };
}
