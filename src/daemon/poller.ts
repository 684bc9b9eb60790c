/**
 * Long-polls the worker queue with several concurrent ReceiveMessage calls, as sqsd does, asking
 * only for as many messages as can be dispatched soon: received-but-unsettled messages and the
 * messages already asked for count against HttpConnections + backlog.
 */
import { ReceiveMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { backOffMs, isThrottling } from "./back-off.js";
import type { Clock } from "./clock.js";
import { toSqsdRequest, type SqsdRequest } from "./sqsd-request.js";
import type { Dispatcher } from "./dispatcher.js";
import type { DaemonEvents } from "./events.js";
import { toError } from "../errors.js";
import { resolvedCall } from "./sqs-calls.js";

/** The attributes sqsd asks for (docs/protocol.md §1.4). */
const SYSTEM_ATTRIBUTES = [
  "ApproximateReceiveCount",
  "ApproximateFirstReceiveTimestamp",
  "SentTimestamp",
  "SenderId",
] as const;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueName: string;
  httpPath: string;
  /** The lock each receive takes (dispatcher.ts, receiveVisibilitySeconds). */
  visibilityTimeout: number;
  waitTimeSeconds: number;
  pollers: number;
  /** Most messages held at once (in flight + waiting). */
  capacity: number;
  dispatcher: Dispatcher;
  events: DaemonEvents;
  clock: Clock;
  /** The jitter of the back-off after a failed receive. @default Math.random */
  random?: () => number;
  /** Messages that arrive after stop began go here instead of the dispatcher. */
  returnUnsent(requests: SqsdRequest[]): void;
}

export interface Poller {
  /** Ends every poll (aborting long polls) and resolves when all loops have returned. */
  stop(): Promise<void>;
}

export function startPoller(options: PollerOptions): Poller {
  const { sqs, dispatcher, events } = options;
  const abort = new AbortController();
  let reserved = 0;
  // Under load, wait until a worthwhile batch fits rather than polling for one message at a time.
  const minimumBatch = Math.max(1, Math.min(10, Math.ceil(options.capacity / 4)));
  /** A function, so the compiler does not narrow it across awaits. */
  const stopping = (): boolean => abort.signal.aborted;

  /** Waits out a back-off, or less if stop() comes first. */
  const pause = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        abort.signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      abort.signal.addEventListener("abort", done, { once: true });
    });

  const receiveMessage = resolvedCall(sqs, ReceiveMessageCommand, { abortSignal: abort.signal });

  const receive = async (max: number): Promise<SqsdRequest[]> => {
    const result = await receiveMessage({
      QueueUrl: options.queueUrl,
      MaxNumberOfMessages: max,
      WaitTimeSeconds: options.waitTimeSeconds,
      VisibilityTimeout: options.visibilityTimeout,
      MessageSystemAttributeNames: [...SYSTEM_ATTRIBUTES],
      MessageAttributeNames: ["All"],
    });
    const now = options.clock.Date.now();
    return (result.Messages ?? []).map((message) =>
      toSqsdRequest(
        message,
        options.queueName,
        options.httpPath,
        now,
        Date.now() + options.visibilityTimeout * 1000,
      ),
    );
  };

  const loop = async (): Promise<void> => {
    /** Failed receives in a row; each waits longer, with jitter, and longer still if throttled. */
    let failures = 0;
    while (!stopping()) {
      const room = Math.min(10, options.capacity - dispatcher.outstanding - reserved);
      if (room < minimumBatch) {
        await dispatcher.whenSettled();
        continue;
      }
      reserved += room;
      let requests: SqsdRequest[];
      try {
        requests = await receive(room);
        failures = 0;
      } catch (error) {
        if (stopping()) return;
        events.emit("sqs-error", { action: "ReceiveMessage", error: toError(error) });
        await pause(backOffMs(failures, isThrottling(error), options.random ?? Math.random));
        failures += 1;
        continue;
      } finally {
        reserved -= room;
      }
      if (stopping()) {
        options.returnUnsent(requests);
        return;
      }
      for (const request of requests) {
        events.emit("received", {
          messageId: request.messageId,
          receiveCount: request.receiveCount,
          path: request.path,
          body: request.body,
        });
        dispatcher.dispatch(request);
      }
      if (requests.length === 0 && dispatcher.outstanding === 0) events.emit("idle");
    }
  };

  const loops = Array.from({ length: options.pollers }, loop);
  return {
    async stop() {
      abort.abort();
      dispatcher.wake();
      await Promise.all(loops);
    },
  };
}
