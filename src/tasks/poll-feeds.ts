import { createHash } from "node:crypto";
import { setting } from "../modules/settings.js";
import { enqueueBatchClient } from "../producer/enqueue-batch-client.js";
import { defineTask } from "./define-task.js";

/**
 * Fans out: one `fetch-feed` job per feed in FEED_URLS, sent in batches of 10, so each feed is
 * fetched, and retried, on its own. Each job's idempotency key is (task, scheduled minute, feed):
 * a retry of this task after a partial send does not fetch a feed twice for the same minute.
 */
export const pollFeeds = defineTask({
  name: "poll-feeds",
  settings: {
    /** `FEED_URLS`: comma-separated RSS, Atom or JSON Feed URLs to poll. @default none */
    feeds: setting.urlList("FEED_URLS"),
  },
  clients: { enqueueBatch: enqueueBatchClient },
  async run({ task, settings, clients, signal, log }) {
    if (settings.feeds.length === 0) {
      log.info("FEED_URLS is empty; no feed to poll");
      return;
    }
    const minute = task.scheduledAt.toISOString().slice(0, 16);
    await clients.enqueueBatch(
      settings.feeds.map((url) => ({
        type: "fetch-feed" as const,
        payload: { url },
        // One group per feed: on a FIFO queue the feeds are fetched side by side, each in order.
        options: { idempotencyKey: `${task.name}/${minute}/${url}`, groupId: feedGroup(url) },
      })),
      { signal },
    );
    log.info({ feeds: settings.feeds.length }, "Enqueued one fetch-feed job per feed");
  },
});

function feedGroup(url: string): string {
  return `feed-${createHash("sha256").update(url).digest("hex").slice(0, 16)}`;
}
