import { setting } from "../modules/settings.js";
import { enqueueClient } from "../producer/enqueue-client.js";
import { defineTask } from "./define-task.js";

/**
 * Fans out: one `send-email` job per address in DIGEST_RECIPIENTS, so each email is retried on
 * its own. Each job carries an idempotency key of (task, scheduled day, address): if this task is
 * retried after enqueueing some of them, a FIFO queue drops the repeats, and on a standard queue
 * the key reaches the worker as `X-Aws-Sqsd-Attr-idempotency-key`.
 */
export const dailyDigest = defineTask({
  name: "daily-digest",
  settings: {
    /** `DIGEST_RECIPIENTS`: comma-separated addresses the digest goes to. @default none */
    recipients: setting.emailList("DIGEST_RECIPIENTS"),
  },
  clients: { enqueue: enqueueClient },
  async run({ task, settings, clients, signal }) {
    const day = task.scheduledAt.toISOString().slice(0, 10);
    for (const to of settings.recipients) {
      await clients.enqueue(
        "send-email",
        { to, subject: `Daily digest for ${day}`, text: digestText(day) },
        { idempotencyKey: `${task.name}/${day}/${to}`, groupId: task.name, signal },
      );
    }
  },
});

function digestText(day: string): string {
  return `Here is your digest for ${day} (UTC).\n`;
}
