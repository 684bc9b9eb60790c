import { z } from "zod";
import { PermanentJobError } from "../errors.js";
import { conditionalGet } from "../feeds/conditional-get.js";
import { FeedFiles } from "../feeds/feed-files.js";
import { readFeed, type ParsedFeed } from "../feeds/feed-items.js";
import { setting } from "../modules/settings.js";
import { s3Client } from "../storage/s3-client.js";
import { workerBucketClient } from "../storage/worker-bucket.js";
import { defineJob } from "./define-job.js";

const MiB = 1024 * 1024;

/**
 * Fetches one feed (RSS, Atom, RDF or JSON Feed) with a conditional GET, stores each item not yet
 * stored under `feeds/` in WORKER_BUCKET, then records the cursor (ETag, Last-Modified). A 304
 * writes nothing; a repeated message finds its items stored and writes none twice. Enqueued by
 * the poll-feeds task, one per feed.
 */
export const fetchFeed = defineJob({
  name: "fetch-feed",
  // Feeds fail for minutes, not seconds (a deploy, a rate limit): four runs over about 15 minutes,
  // a server's Retry-After honoured (src/feeds/conditional-get.ts).
  retry: { attempts: 4, initialDelaySeconds: 60, maxDelaySeconds: 600 },
  payload: z.strictObject({ url: z.url({ protocol: /^https?$/ }) }),
  settings: {
    /** `FEED_MAX_BYTES`: a longer feed fails permanently. @default 5242880 (5 MiB) */
    maxBytes: setting.integer("FEED_MAX_BYTES", 5 * MiB, 1024, 100 * MiB),
  },
  clients: { s3: s3Client, workerBucket: workerBucketClient },
  async handle({ url }, { clients, settings, signal, log }) {
    const files = new FeedFiles(clients.s3, clients.workerBucket.require(), url, signal);
    const cursor = await files.readCursor();
    const response = await conditionalGet(url, cursor ?? {}, {
      signal,
      maxBytes: settings.maxBytes,
    });
    if (response.status === "not-modified") {
      log.info({ url }, "Feed not modified since the last fetch; nothing written");
      return;
    }
    const feed = await parse(response.body, url);
    let stored = 0;
    // One at a time: a feed has tens of items, and a failure leaves the cursor unwritten, so
    // the retry fetches again and skips what is already stored.
    for (const item of feed.items) if (await files.storeItem(item)) stored += 1;
    await files.writeCursor({
      url,
      ...response.validators,
      fetchedAt: new Date().toISOString(),
      items: feed.items.length,
    });
    log.info({ url, format: feed.format, items: feed.items.length, stored }, "Feed fetched");
  },
});

async function parse(body: string, url: string): Promise<ParsedFeed> {
  try {
    return await readFeed(body);
  } catch (error) {
    // The same bytes will not parse next time; the next poll enqueues a fresh job anyway.
    throw new PermanentJobError(
      `Expected an RSS, Atom, RDF or JSON feed at ${url}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
