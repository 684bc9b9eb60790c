/**
 * One conditional GET of a feed: If-None-Match / If-Modified-Since from the cursor, so an
 * unchanged feed answers 304 with no body. What each status means for the job: 404 and 410 (the
 * feed is gone) and other 4xx are permanent; 408, 429, 5xx and network failures may pass.
 */
import { parseRetryAfter } from "../retry/retry-after-header.js";
import { RetryLaterError } from "../retry/retry-later-error.js";
import { PermanentJobError } from "../errors.js";

export interface Validators {
  etag?: string | undefined;
  lastModified?: string | undefined;
}

export type FeedResponse =
  { status: "not-modified" } | { status: "fetched"; body: string; validators: Validators };

const RETRYABLE = new Set([408, 425, 429]);

export async function conditionalGet(
  url: string,
  validators: Validators,
  options: { signal: AbortSignal; maxBytes: number },
): Promise<FeedResponse> {
  const headers: Record<string, string> = {
    accept:
      "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8",
    "user-agent": "sqs-worker fetch-feed",
  };
  if (validators.etag) headers["if-none-match"] = validators.etag;
  if (validators.lastModified) headers["if-modified-since"] = validators.lastModified;
  const response = await fetch(url, { headers, signal: options.signal, redirect: "follow" });
  if (response.status === 304) {
    await response.body?.cancel();
    return { status: "not-modified" };
  }
  if (!response.ok) {
    await response.body?.cancel();
    const problem = `GET ${url} answered ${response.status}`;
    if (response.status >= 500 || RETRYABLE.has(response.status)) {
      // A server that says when to come back is believed: the retry policy waits that long.
      const wait = parseRetryAfter(response.headers.get("retry-after"), Date.now());
      throw wait === undefined ? new Error(problem) : new RetryLaterError(wait, problem);
    }
    throw new PermanentJobError(problem);
  }
  return {
    status: "fetched",
    body: await readText(response, options.maxBytes, url),
    validators: {
      etag: response.headers.get("etag") ?? undefined,
      lastModified: response.headers.get("last-modified") ?? undefined,
    },
  };
}

/** The body as text, refusing more than `maxBytes` without reading the rest. */
async function readText(response: Response, maxBytes: number, url: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  const body: AsyncIterable<Uint8Array> = response.body ?? (async function* () {})();
  for await (const chunk of body) {
    length += chunk.length;
    if (length > maxBytes) {
      // Leaving the loop cancels the stream: the rest is never downloaded.
      throw new PermanentJobError(
        `Expected the feed at ${url} to be at most ${maxBytes} bytes (FEED_MAX_BYTES), got more`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
