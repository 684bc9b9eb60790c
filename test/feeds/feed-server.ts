/**
 * A feed server for tests, on node:http and port 0: serves one document per path, with an ETag
 * and Last-Modified, answers 304 to a matching If-None-Match (unless told to ignore validators,
 * as some servers do), and records every request.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FeedDocument {
  contentType: string;
  body: string;
  /** Answer with this status and no body instead. */
  status?: number;
  /** With `status`: the Retry-After header to send. */
  retryAfter?: string;
}

export interface FeedServer {
  url(path: string): string;
  /** What each path serves; change it to publish a new version. */
  documents: Map<string, FeedDocument>;
  /** Every request: its path and whether it was conditional, and the status answered. */
  requests: { path: string; conditional: boolean; status: number }[];
  /** Serve 200 even when the validators match (a server without conditional GET). */
  ignoreValidators: boolean;
  stop(): Promise<void>;
}

const LAST_MODIFIED = "Wed, 25 Nov 2026 10:00:00 GMT";

export async function startFeedServer(): Promise<FeedServer> {
  const documents = new Map<string, FeedDocument>();
  const requests: FeedServer["requests"] = [];
  const state = { ignoreValidators: false };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? "/";
    const conditional = req.headers["if-none-match"] !== undefined;
    const document = documents.get(path);
    const answer = (status: number): number => {
      requests.push({ path, conditional, status });
      return status;
    };
    if (!document) {
      res.writeHead(answer(404)).end();
      return;
    }
    if (document.status !== undefined) {
      const headers =
        document.retryAfter === undefined ? {} : { "retry-after": document.retryAfter };
      res.writeHead(answer(document.status), headers).end();
      return;
    }
    const etag = `"${createHash("sha256").update(document.body).digest("hex").slice(0, 16)}"`;
    if (!state.ignoreValidators && req.headers["if-none-match"] === etag) {
      res.writeHead(answer(304), { etag }).end();
      return;
    }
    res
      .writeHead(answer(200), {
        "content-type": document.contentType,
        etag,
        "last-modified": LAST_MODIFIED,
      })
      .end(document.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    documents,
    requests,
    get ignoreValidators() {
      return state.ignoreValidators;
    },
    set ignoreValidators(value) {
      state.ignoreValidators = value;
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export function rss(items: { guid: string; title: string }[]): FeedDocument {
  const entries = items
    .map(
      ({ guid, title }) =>
        `<item><title>${title}</title><guid isPermaLink="false">${guid}</guid><link>https://example.com/${guid}</link><pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate></item>`,
    )
    .join("");
  return {
    contentType: "application/rss+xml",
    body: `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example</title><link>https://example.com/</link><description>Posts</description>${entries}</channel></rss>`,
  };
}

export function atom(ids: string[]): FeedDocument {
  const entries = ids
    .map(
      (id) =>
        `<entry><id>${id}</id><title>Entry ${id}</title><updated>2026-11-25T09:00:00Z</updated><link href="https://example.com/${id}"/></entry>`,
    )
    .join("");
  return {
    contentType: "application/atom+xml",
    body: `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Example</title><id>urn:example</id><updated>2026-11-25T09:00:00Z</updated>${entries}</feed>`,
  };
}

export function jsonFeed(ids: string[]): FeedDocument {
  return {
    contentType: "application/feed+json",
    body: JSON.stringify({
      version: "https://jsonfeed.org/version/1.1",
      title: "Example",
      items: ids.map((id) => ({
        id,
        url: `https://example.com/${id}`,
        content_text: `Post ${id}`,
      })),
    }),
  };
}
