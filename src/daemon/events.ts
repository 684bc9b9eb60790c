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
  received: [MessageRef];
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
