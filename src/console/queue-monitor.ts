/**
 * Watches the worker queue and the dead-letter queue for the console: their depth every second
 * (as `queue stats` reads it) and the parked messages (as `dlq list` reads them), listed again
 * only when the dead-letter queue's total changes or after an action. Listing receives the
 * messages for a moment (SQS has no peek), so it never runs while a redrive reads the same queue:
 * both go through `withDeadLetterQueue`, one at a time.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { summarize, type ParkedSummary } from "../cli/parked-message.js";
import { readQueueDepth, type QueueDepth } from "../cli/queue-depth.js";
import { peekQueue } from "../cli/queue-reader.js";

export interface QueueView {
  worker: QueueDepth | undefined;
  deadLetter: QueueDepth | undefined;
  /** The dead-letter queue's messages, oldest first, at most the monitor's parkedLimit. */
  parked: ParkedSummary[];
  /** Why the last reading failed, if it did. */
  problem: string | undefined;
}

export interface QueueMonitorOptions {
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** @default 1000 */
  intervalMs?: number;
  /** @default 100 */
  parkedLimit?: number;
}

export interface QueueMonitor {
  snapshot(): QueueView;
  /** Runs `action` with the dead-letter queue to itself, then reads everything again. */
  withDeadLetterQueue<T>(action: () => Promise<T>): Promise<T>;
  /** Reads the queues now (the parked list too); resolves when the reading is done. */
  refresh(): Promise<void>;
  /** Called after every reading that changed something. */
  onChange(listener: () => void): void;
  stop(): Promise<void>;
}

const totalOf = (depth: QueueDepth | undefined): number | undefined =>
  depth && depth.visible + depth.inFlight + depth.delayed;

export function createQueueMonitor(options: QueueMonitorOptions): QueueMonitor {
  const { sqs, queueUrl, deadLetterQueueUrl } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const parkedLimit = options.parkedLimit ?? 100;
  let view: QueueView = {
    worker: undefined,
    deadLetter: undefined,
    parked: [],
    problem: undefined,
  };
  let listedAtTotal: number | undefined;
  let listAgain = true;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const listeners: (() => void)[] = [];
  /** The dead-letter queue's one-at-a-time line. */
  let deadLetterLine: Promise<unknown> = Promise.resolve();
  const inLine = <T>(action: () => Promise<T>): Promise<T> => {
    const turn = deadLetterLine.then(action, action);
    deadLetterLine = turn.catch(() => undefined);
    return turn;
  };

  const update = (next: QueueView): void => {
    // Ages tick every second; only what a person would notice counts as a change.
    const changed = JSON.stringify(comparable(next)) !== JSON.stringify(comparable(view));
    view = next;
    if (changed) for (const listener of listeners) listener();
  };

  /** The depths first (a listing takes a second or more), then the parked list if it is stale. */
  const read = async (): Promise<void> => {
    const [worker, deadLetter] = await Promise.all([
      readQueueDepth(sqs, queueUrl),
      readQueueDepth(sqs, deadLetterQueueUrl),
    ]);
    update({ ...view, worker, deadLetter, problem: undefined });
    // A listing moves messages to in flight and back; the total stays, so it does not list again.
    if (!listAgain && totalOf(deadLetter) === listedAtTotal) return;
    listAgain = false;
    listedAtTotal = totalOf(deadLetter);
    const now = Date.now();
    const messages = await inLine(() => peekQueue(sqs, deadLetterQueueUrl, parkedLimit));
    const parked = messages
      .map((message) => summarize(message, now))
      .sort((a, b) => b.ageSeconds - a.ageSeconds);
    update({ ...view, parked });
  };

  /** One reading at a time; a refresh asked for during one waits for the next. */
  let reading: Promise<void> | undefined;
  const tick = (): Promise<void> => {
    reading = (reading ?? Promise.resolve()).then(async () => {
      try {
        await read();
      } catch (error) {
        listAgain = true;
        update({ ...view, problem: error instanceof Error ? error.message : String(error) });
      }
    });
    return reading;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void tick().then(schedule);
    }, intervalMs);
    timer.unref();
  };
  void tick().then(schedule);

  return {
    snapshot: () => view,
    async withDeadLetterQueue(action) {
      try {
        return await inLine(action);
      } finally {
        listAgain = true;
        await tick();
      }
    },
    refresh() {
      listAgain = true;
      return tick();
    },
    onChange(listener) {
      listeners.push(listener);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await reading;
    },
  };
}

function comparable(view: QueueView) {
  return { ...view, parked: view.parked.map(({ ageSeconds: _age, ...rest }) => rest) };
}
