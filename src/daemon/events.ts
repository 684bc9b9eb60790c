/**
 * Everything the daemon does is announced as a typed event. Tests await these instead of
 * sleeping; the sqsd-style log (log-lines.ts) is one more listener.
 */
import { EventEmitter } from "node:events";

/** One message as the daemon saw it. */
export interface MessageRef {
  messageId: string;
  receiveCount: number;
}

/** A received message and the request the daemon will make for it. */
export interface ReceivedEvent extends MessageRef {
  /** The path it will be POSTed to: the HttpPath, or a periodic task's url. */
  path: string;
  /** The raw SQS body; empty for a periodic task. */
  body: string;
}

export interface PostedEvent extends MessageRef {
  /** The full URL that was POSTed. */
  url: string;
  status: number;
  seconds: number;
}

export interface SocketErrorEvent extends MessageRef {
  url: string;
  /** `ETIMEDOUT` (connect or inactivity timeout), `ECONNREFUSED`, … */
  error: string;
  seconds: number;
}

export interface ScheduledEvent {
  taskName: string;
  path: string;
  scheduledAt: Date;
  messageId: string;
}

export interface SqsErrorEvent {
  /** The SQS action that failed: ReceiveMessage, DeleteMessageBatch, … */
  action: string;
  error: Error;
}

export interface DaemonEventMap {
  /** A message arrived from ReceiveMessage. */
  received: [ReceivedEvent];
  /** The app answered; `status` 200 means the message will be deleted. */
  posted: [PostedEvent];
  /** The app answered something other than 200. */
  "http-error": [PostedEvent];
  /** No answer: connect failure, connect timeout or inactivity timeout. */
  "socket-error": [SocketErrorEvent];
  /** DeleteMessageBatch succeeded for these messages. */
  deleted: [MessageRef[]];
  /** ChangeMessageVisibilityBatch succeeded for these messages, with this timeout. */
  "visibility-changed": [MessageRef[], number];
  /**
   * The message waited so long that its remaining visibility could not cover a POST; its
   * visibility was extended to this timeout (seconds) before the POST.
   */
  "visibility-extended": [MessageRef, number];
  /** The message's visibility ran out while it waited for a connection; it was not POSTed. */
  "visibility-expired": [MessageRef];
  /** Received again after the app answered 200 (its delete was lost): deleted, not POSTed. */
  "already-answered": [MessageRef];
  /** A message older than RetentionPeriod was deleted without being POSTed. */
  expired: [MessageRef];
  /** The cron scheduler sent a scheduled-job message to the queue. */
  scheduled: [ScheduledEvent];
  /** An SQS call failed; the daemon carries on (and backs off polling). */
  "sqs-error": [SqsErrorEvent];
  /** A long poll came back empty and nothing is in flight. */
  idle: [];
  /** stop() finished: polling ended, POSTs drained, batches flushed. */
  stopped: [];
}

export type DaemonEvents = EventEmitter<DaemonEventMap>;

export function createDaemonEvents(): DaemonEvents {
  return new EventEmitter<DaemonEventMap>();
}
