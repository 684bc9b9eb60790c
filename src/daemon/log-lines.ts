/**
 * The daemon's log in the style of sqsd's /var/log/aws-sqsd/default.log, so lines read the same
 * locally as on an instance: `message: sent to …`, `http-err: <id> (<n>) <status> - <secs>`,
 * `socket-err: <id> (<n>) <error> - <secs>`.
 */
import type { DaemonEventMap, DaemonEvents, MessageRef } from "./events.js";

/** A listener for some of the daemon's events, each typed by the event map. */
type Listeners = { [Name in keyof DaemonEventMap]?: (...args: DaemonEventMap[Name]) => void };

export type LineWriter = (line: string) => void;

function seconds(value: number): string {
  return value.toFixed(3);
}

/** Writes one line per event; returns a function that stops writing. */
export function writeSqsdLog(events: DaemonEvents, write: LineWriter): () => void {
  const stamp = (line: string): void => {
    write(`${new Date().toISOString()} ${line}`);
  };
  const listeners = {
    posted: (event: { url: string; status: number }) => {
      if (event.status === 200) stamp(`message: sent to ${event.url}`);
    },
    "http-error": (event: {
      messageId: string;
      receiveCount: number;
      status: number;
      seconds: number;
    }) => {
      stamp(
        `http-err: ${event.messageId} (${event.receiveCount}) ${event.status} - ${seconds(event.seconds)}`,
      );
    },
    "socket-error": (event: {
      messageId: string;
      receiveCount: number;
      error: string;
      seconds: number;
    }) => {
      stamp(
        `socket-err: ${event.messageId} (${event.receiveCount}) ${event.error} - ${seconds(event.seconds)}`,
      );
    },
    expired: (event: { messageId: string; receiveCount: number }) => {
      stamp(
        `expired-msg: ${event.messageId} (${event.receiveCount}) older than RetentionPeriod, deleted`,
      );
    },
    "visibility-extended": (event: MessageRef, timeoutSeconds: number) => {
      stamp(
        `visibility: ${event.messageId} (${event.receiveCount}) waited too long for a connection, visibility extended to ${timeoutSeconds} s before the POST`,
      );
    },
    "visibility-expired": (event: MessageRef) => {
      stamp(
        `visibility: ${event.messageId} (${event.receiveCount}) visibility ran out while it waited for a connection, not POSTed`,
      );
    },
    "already-answered": (event: MessageRef) => {
      stamp(
        `message: ${event.messageId} (${event.receiveCount}) was answered 200 before but its delete was lost; deleted, not POSTed again`,
      );
    },
    scheduled: (event: { taskName: string; path: string; scheduledAt: Date }) => {
      stamp(
        `scheduler: sent ${event.taskName} for ${event.scheduledAt.toISOString()} (${event.path})`,
      );
    },
    "sqs-error": (event: { action: string; error: Error }) => {
      stamp(`sqs-err: ${event.action} ${event.error.name}: ${event.error.message}`);
    },
  } satisfies Listeners;
  // Each listener's type is checked against DaemonEventMap by `satisfies` above; the loops only
  // attach and detach them.
  const entries = Object.entries(listeners) as [keyof typeof listeners, (event: never) => void][];
  for (const [name, listener] of entries) events.on(name, listener as never);
  return () => {
    for (const [name, listener] of entries) events.off(name, listener as never);
  };
}
