/**
 * The jobs running now and the last few hundred attempts, built from what the local loop already
 * sees: the daemon's events (a message received, its POST answered or cut off) and the app's
 * outcome lines (job type, outcome, duration, error). No endpoint of the app is involved, so the
 * console shows exactly what the deployed app would do.
 *
 * One attempt is one receive of one message: `messageId#receiveCount`. The daemon's event and the
 * app's line for it may arrive in either order; each fills in what it knows.
 */
import type { DaemonEvents, MessageRef, ReceivedEvent } from "../daemon/events.js";
import { SCHEDULED_JOB_BODY } from "../protocol/scheduled-job.js";
import type { JobLogRecord } from "./job-log-record.js";

export interface JobAttempt {
  messageId: string;
  /** The receive count: 1 for the first delivery. */
  attempt: number;
  kind: "job" | "task";
  /** The job type or the task's name; "?" until known. */
  name: string;
  /** Epoch ms when the daemon received it (undefined for a POST that did not come from it). */
  startedAt: number | undefined;
  finishedAt: number | undefined;
  durationMs: number | undefined;
  /** The app's reason, or what the daemon saw: `socket-error ETIMEDOUT`. Undefined while running. */
  outcome: string | undefined;
  parkedFor: string | undefined;
  status: number | undefined;
  error: string | undefined;
}

export interface JobHistorySnapshot {
  /** Oldest first. */
  running: JobAttempt[];
  /** Newest first, at most the history's limit. */
  recent: JobAttempt[];
}

export interface JobHistory {
  received(event: ReceivedEvent): void;
  /** The app's outcome line for an attempt. */
  logged(record: JobLogRecord): void;
  /** Listens to the daemon's events from now on; returns the function that stops listening. */
  follow(events: DaemonEvents): () => void;
  snapshot(): JobHistorySnapshot;
  /** Called after every change. */
  onChange(listener: () => void): void;
}

/** How many finished attempts are kept by default. */
export const DEFAULT_HISTORY_LIMIT = 300;

const keyOf = (ref: MessageRef): string => `${ref.messageId}#${ref.receiveCount}`;

export function createJobHistory(
  limit = DEFAULT_HISTORY_LIMIT,
  now: () => number = Date.now,
): JobHistory {
  const running = new Map<string, JobAttempt>();
  /** Insertion order is age: the oldest first, so trimming deletes from the front. */
  const finished = new Map<string, JobAttempt>();
  const listeners: (() => void)[] = [];
  const changed = (): void => {
    for (const listener of listeners) listener();
  };

  const blank = (ref: MessageRef): JobAttempt => ({
    messageId: ref.messageId,
    attempt: ref.receiveCount,
    kind: "job",
    name: "?",
    startedAt: undefined,
    finishedAt: undefined,
    durationMs: undefined,
    outcome: undefined,
    parkedFor: undefined,
    status: undefined,
    error: undefined,
  });

  /** Moves the attempt from running to finished (creating it if unseen) and applies `facts`. */
  const finish = (ref: MessageRef, facts: Partial<JobAttempt>): void => {
    const key = keyOf(ref);
    const entry = finished.get(key) ?? running.get(key) ?? blank(ref);
    running.delete(key);
    // A fact one source does not know (undefined) never erases what the other one said.
    const known: [string, unknown][] = Object.entries(facts);
    Object.assign(entry, Object.fromEntries(known.filter(([, value]) => value !== undefined)));
    entry.finishedAt ??= now();
    if (!finished.has(key)) {
      finished.set(key, entry);
      for (const oldest of finished.keys()) {
        if (finished.size <= limit) break;
        finished.delete(oldest);
      }
    }
    changed();
  };

  /** Not POSTed after all (its visibility ran out, it expired, it was answered before). */
  const drop = (ref: MessageRef): void => {
    if (running.delete(keyOf(ref))) changed();
  };

  const received = (event: ReceivedEvent): void => {
    const task = event.body === "" || event.body === SCHEDULED_JOB_BODY;
    running.set(keyOf(event), {
      ...blank(event),
      kind: task ? "task" : "job",
      name: task ? taskNameOf(event.path) : jobTypeOf(event.body),
      startedAt: now(),
    });
    changed();
  };

  return {
    received,
    logged(record) {
      const { messageId, attempt, time, ...facts } = record;
      finish(
        { messageId, receiveCount: attempt },
        { ...facts, ...(time === undefined ? {} : { finishedAt: time }) },
      );
    },
    follow(events) {
      const onPosted = (event: { status: number; seconds: number } & MessageRef): void => {
        // The app's line has the exact duration; the daemon's seconds include the round trip.
        const known = finished.get(keyOf(event))?.durationMs;
        finish(event, { status: event.status, durationMs: known ?? event.seconds * 1000 });
      };
      const onSocketError = (event: { error: string; seconds: number } & MessageRef): void => {
        finish(event, {
          outcome: `socket-error ${event.error}`,
          error: `The daemon got no answer: ${event.error}`,
          durationMs: event.seconds * 1000,
        });
      };
      events.on("received", received);
      events.on("posted", onPosted);
      events.on("socket-error", onSocketError);
      events.on("visibility-expired", drop);
      events.on("expired", drop);
      events.on("already-answered", drop);
      return () => {
        events.off("received", received);
        events.off("posted", onPosted);
        events.off("socket-error", onSocketError);
        events.off("visibility-expired", drop);
        events.off("expired", drop);
        events.off("already-answered", drop);
      };
    },
    snapshot() {
      return {
        running: [...running.values()].map((entry) => ({ ...entry })),
        recent: [...finished.values()].reverse().map((entry) => ({ ...entry })),
      };
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };
}

/** `/tasks/daily-digest` → `daily-digest`: the registry serves each task at /tasks/<name>. */
function taskNameOf(path: string): string {
  return path.split("/").filter(Boolean).at(-1) ?? path;
}

function jobTypeOf(body: string): string {
  if (!body.startsWith("{")) return "?";
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null && "type" in parsed) {
      return typeof parsed.type === "string" ? parsed.type : "?";
    }
  } catch {
    // Not JSON: the app parks it as invalid-json, and its line says so.
  }
  return "?";
}
