/**
 * Holds received messages and POSTs them, never more than HttpConnections at once. A message
 * older than RetentionPeriod is deleted unposted; exactly 200 deletes; anything else, or no
 * answer, sets its visibility to ErrorVisibilityTimeout so it comes back after that back-off.
 */
import type { Clock } from "./clock.js";
import type { SqsdRequest } from "./sqsd-request.js";
import type { DaemonEvents } from "./events.js";
import type { HttpPoster } from "./http-poster.js";
import { isExpired } from "./retention.js";
import type { SettleActions } from "./sqs-actions.js";

export interface Dispatcher {
  /** Messages received and not yet settled: waiting for a connection or being POSTed. */
  readonly outstanding: number;
  dispatch(request: SqsdRequest): void;
  /** Resolves the next time a message settles (or at once after `wake`). */
  whenSettled(): Promise<void>;
  /** Resolves every pending `whenSettled`, for shutdown. */
  wake(): void;
  /** Removes the messages still waiting for a connection and returns them. */
  takeBacklog(): SqsdRequest[];
  /** Resolves when no POST is in flight. */
  whenDrained(): Promise<void>;
}

export function createDispatcher(options: {
  poster: HttpPoster;
  settle: SettleActions;
  events: DaemonEvents;
  clock: Clock;
  httpConnections: number;
  retentionPeriod: number;
  errorVisibilityTimeout: number;
}): Dispatcher {
  const { poster, settle, events, clock } = options;
  let backlog: SqsdRequest[] = [];
  let inFlight = 0;
  let settledWaiters: (() => void)[] = [];
  let drainWaiters: (() => void)[] = [];

  const wake = (): void => {
    const waiters = settledWaiters;
    settledWaiters = [];
    for (const resolve of waiters) resolve();
  };

  const finish = (): void => {
    inFlight -= 1;
    pump();
    wake();
    if (inFlight === 0) {
      const waiters = drainWaiters;
      drainWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const post = async (request: SqsdRequest): Promise<void> => {
    const ref = { messageId: request.messageId, receiveCount: request.receiveCount };
    const entry = { ...ref, receiptHandle: request.receiptHandle };
    const url = poster.urlFor(request.path);
    // A request Node refuses to build (it should not happen) fails like a socket error, never silently.
    const outcome = await poster
      .post(request.path, request.body, request.headers)
      .catch((error: unknown) => ({
        kind: "socket-error" as const,
        phase: "connect" as const,
        error: error instanceof Error ? error.name : String(error),
        seconds: 0,
      }));
    if (outcome.kind === "status") {
      const event = { ...ref, url, status: outcome.status, seconds: outcome.seconds };
      events.emit("posted", event);
      if (outcome.status === 200) {
        settle.deleter.add(entry);
        return;
      }
      events.emit("http-error", event);
    } else {
      events.emit("socket-error", { ...ref, url, error: outcome.error, seconds: outcome.seconds });
    }
    settle.changeVisibility(entry, options.errorVisibilityTimeout);
  };

  function pump(): void {
    while (inFlight < options.httpConnections && backlog.length > 0) {
      const request = backlog.shift();
      if (!request) return;
      if (isExpired(request.firstReceivedAtMs, options.retentionPeriod, clock.Date.now())) {
        settle.deleter.add({
          messageId: request.messageId,
          receiveCount: request.receiveCount,
          receiptHandle: request.receiptHandle,
        });
        events.emit("expired", {
          messageId: request.messageId,
          receiveCount: request.receiveCount,
        });
        wake();
        continue;
      }
      inFlight += 1;
      void post(request).finally(finish);
    }
  }

  return {
    get outstanding() {
      return inFlight + backlog.length;
    },
    dispatch(request) {
      backlog.push(request);
      pump();
    },
    whenSettled: () => new Promise((resolve) => settledWaiters.push(resolve)),
    wake,
    takeBacklog() {
      const taken = backlog;
      backlog = [];
      return taken;
    },
    whenDrained: () =>
      inFlight === 0 ? Promise.resolve() : new Promise((resolve) => drainWaiters.push(resolve)),
  };
}
