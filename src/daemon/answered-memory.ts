/**
 * The messages the app answered 200 whose delete has not succeeded yet. If a delete is lost (SQS
 * failing for as long as the message stayed invisible), SQS hands the message out again; the
 * daemon then deletes it with its new receipt handle instead of POSTing a job that already ran.
 */
import type { DaemonEvents } from "./events.js";

/** Bounds the memory if deletes keep failing for a long time; the oldest entries go first. */
const MAX_REMEMBERED = 10_000;

export interface AnsweredMemory {
  remember(messageId: string): void;
  has(messageId: string): boolean;
}

export function createAnsweredMemory(events: DaemonEvents): AnsweredMemory {
  const answered = new Set<string>();
  events.on("deleted", (refs) => {
    for (const ref of refs) answered.delete(ref.messageId);
  });
  return {
    remember(messageId) {
      answered.add(messageId);
      if (answered.size > MAX_REMEMBERED) {
        const oldest = answered.values().next();
        if (!oldest.done) answered.delete(oldest.value);
      }
    },
    has: (messageId) => answered.has(messageId),
  };
}
