/**
 * Collects entries for SQS's batch calls (at most 10 per call) and sends a batch when 10 are ready
 * or when the oldest entry has waited `flushMs`, as sqsd batches its deletes.
 */
import { SQS_MAX_BATCH_ENTRIES as SQS_BATCH_LIMIT } from "../protocol/sqs-limits.js";

export interface Batcher<Entry> {
  add(entry: Entry): void;
  /** Sends everything pending now; resolves when every batch sent so far has settled. */
  flush(): Promise<void>;
}

/** `send` must not reject: it reports its own failures. */
export function createBatcher<Entry>(
  flushMs: number,
  send: (entries: Entry[]) => Promise<void>,
): Batcher<Entry> {
  let pending: Entry[] = [];
  let timer: NodeJS.Timeout | undefined;
  const sending = new Set<Promise<void>>();

  const sendPending = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const sent = send(batch).finally(() => sending.delete(sent));
    sending.add(sent);
  };

  return {
    add(entry) {
      pending.push(entry);
      if (pending.length >= SQS_BATCH_LIMIT) sendPending();
      else timer ??= setTimeout(sendPending, flushMs);
    },
    async flush() {
      sendPending();
      await Promise.all(sending);
    },
  };
}
