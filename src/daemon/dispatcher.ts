/**
 * Holds received messages and POSTs them, never more than HttpConnections at once. A message
 * older than RetentionPeriod is deleted unposted; exactly 200 deletes; anything else, or no
 * answer, sets its visibility to ErrorVisibilityTimeout so it comes back after that back-off.
 *
 * Visibility bookkeeping: a message is POSTed only while its remaining visibility covers the
 * longest POST (the poster's idle timeout) plus the time to delete it. One that waited too long
 * is extended first (ChangeMessageVisibility), which keeps its receive count: releasing it
 * instead would burn a receive toward MaxRetries without the app ever seeing it (the way a
 * message is dead-lettered unrun, docs/protocol.md §2.1). One whose visibility already ran out
 * is SQS's again and is not POSTed at all. Visibility is measured in real time (SQS's clock
 * runs), never on the injected clock, which only retention and cron read.
 */
import type { Clock } from "./clock.js";
import type { SqsdRequest } from "./sqsd-request.js";
import type { DaemonEvents, MessageRef } from "./events.js";
import type { HttpPoster } from "./http-poster.js";
import { isExpired } from "./retention.js";
import type { SettleActions } from "./sqs-actions.js";
import { createAnsweredMemory } from "./answered-memory.js";

/** Time to settle a message after its POST: the delete batch's wait and the call itself. */
export const SETTLE_MARGIN_MS = 2000;

/** Between a receive's answer and the POSTs of its messages: the margin its lock takes on top. */
const RECEIVE_MARGIN_MS = 1000;

/**
 * The visibility each ReceiveMessage asks for: VisibilityTimeout, or, when that cannot cover one
 * POST (at the AWS defaults, 30 s against InactivityTimeout 299 s), enough to cover it. A message
 * POSTed as soon as it arrives then needs no extension: before, every message at the defaults was
 * extended a few milliseconds after its receive, one more SQS round trip before its POST (idle
 * latency, the daemon's CPU and, against a distant SQS endpoint, throughput). The lock is the one
 * that extension set at once; only a message held back in the backlog is still extended.
 */
export function receiveVisibilitySeconds(visibilityTimeout: number, postLimitMs: number): number {
  const neededMs = postLimitMs + SETTLE_MARGIN_MS + RECEIVE_MARGIN_MS;
  return visibilityTimeout * 1000 >= neededMs ? visibilityTimeout : Math.ceil(neededMs / 1000);
}

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
  visibilityTimeout: number;
  /** The longest a POST can last before the poster cuts it off (ms). */
  postLimitMs: number;
}): Dispatcher {
  const { poster, settle, events, clock } = options;
  const coverMs = options.postLimitMs + SETTLE_MARGIN_MS;
  /** What an extension asks for: VisibilityTimeout, or more when that cannot cover one POST. */
  const extendToSeconds = Math.max(options.visibilityTimeout, Math.ceil(coverMs / 1000));
  const answered = createAnsweredMemory(events);
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

  const refOf = (request: SqsdRequest): MessageRef => ({
    messageId: request.messageId,
    receiveCount: request.receiveCount,
  });

  const post = async (request: SqsdRequest): Promise<void> => {
    const ref = refOf(request);
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
        answered.remember(request.messageId);
        settle.deleter.add(request);
        return;
      }
      events.emit("http-error", event);
    } else {
      events.emit("socket-error", { ...ref, url, error: outcome.error, seconds: outcome.seconds });
    }
    settle.changeVisibility(request, options.errorVisibilityTimeout);
  };

  /** Extends the visibility first when what is left of it cannot cover a POST. */
  const deliver = async (request: SqsdRequest): Promise<void> => {
    if (request.visibleUntilMs - Date.now() < coverMs) {
      const visibleUntilMs = await settle.extendVisibility(request, extendToSeconds);
      // Not extended (reported by settle): not POSTed; SQS hands it out again when it expires.
      if (visibleUntilMs === undefined) return;
      request.visibleUntilMs = visibleUntilMs;
    }
    await post(request);
  };

  function pump(): void {
    while (inFlight < options.httpConnections && backlog.length > 0) {
      const request = backlog.shift();
      if (!request) return;
      const now = clock.Date.now();
      if (isExpired(request.firstReceivedAtMs, options.retentionPeriod, now)) {
        settle.deleter.add(request);
        events.emit("expired", refOf(request));
        wake();
        continue;
      }
      if (request.visibleUntilMs <= Date.now()) {
        // Visible in the queue again, perhaps already received anew: a POST would be a duplicate.
        events.emit("visibility-expired", refOf(request));
        wake();
        continue;
      }
      inFlight += 1;
      void deliver(request).finally(finish);
    }
  }

  return {
    get outstanding() {
      return inFlight + backlog.length;
    },
    dispatch(request) {
      if (answered.has(request.messageId)) {
        // Answered 200 already, but its delete was lost: delete it now, never POST it again.
        events.emit("already-answered", refOf(request));
        settle.deleter.add(request);
        return;
      }
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
