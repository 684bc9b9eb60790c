import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { RetryLaterError } from "../../src/retry/retry-later-error.js";
import { expect } from "chai";
import { PermanentJobError } from "../../src/errors.js";
import { cursorKey, feedFolder, itemKey } from "../../src/feeds/feed-keys.js";
import { fetchFeed } from "../../src/jobs/fetch-feed.js";
import { workerBucket } from "../../src/storage/worker-bucket.js";
import { expectRejection } from "../support/expect-rejection.js";
import { recordCommands, startLocalS3, type LocalS3 } from "../support/s3.js";
import { jobContext } from "../jobs/job-context.js";
import { atom, jsonFeed, rss, startFeedServer, type FeedServer } from "./feed-server.js";

const BUCKET = "worker-bucket";

describe("fetch-feed", () => {
  let local: LocalS3;
  let feeds: FeedServer;
  beforeEach(async () => {
    local = await startLocalS3();
    await local.createBucket(BUCKET);
    feeds = await startFeedServer();
  });
  afterEach(async () => {
    await feeds.stop();
    await local.stop();
  });

  function context(maxBytes?: number) {
    const base = jobContext(fetchFeed);
    return jobContext(fetchFeed, {
      settings: { ...base.settings, ...(maxBytes === undefined ? {} : { maxBytes }) },
      clients: { s3: local.s3, workerBucket: workerBucket(BUCKET) },
    });
  }

  async function keysUnder(prefix: string): Promise<string[]> {
    const listed = await local.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }),
    );
    return (listed.Contents ?? []).map((object) => object.Key ?? "").sort();
  }

  async function json(key: string): Promise<Record<string, unknown>> {
    const object = await local.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return JSON.parse((await object.Body?.transformToString()) ?? "") as Record<string, unknown>;
  }

  const posts = [
    { guid: "post-1", title: "First" },
    { guid: "post-2", title: "Second" },
  ];

  it("stores each item under feeds/ by feed and item id, then the cursor with the validators", async () => {
    feeds.documents.set("/rss", rss(posts));
    const url = feeds.url("/rss");

    await fetchFeed.handle({ url }, context());

    expect(await keysUnder(feedFolder(url))).to.deep.equal(
      [cursorKey(url), itemKey(url, "post-1"), itemKey(url, "post-2")].sort(),
    );
    expect(feedFolder(url)).to.match(/^feeds\/127\.0\.0\.1-[0-9a-f]{16}\/$/);
    expect(await json(itemKey(url, "post-1"))).to.include({
      feed: url,
      id: "post-1",
      title: "First",
      link: "https://example.com/post-1",
    });
    const cursor = await json(cursorKey(url));
    expect(cursor).to.include({ url, items: 2, lastModified: "Wed, 25 Nov 2026 10:00:00 GMT" });
    expect(cursor.etag).to.match(/^"[0-9a-f]{16}"$/);
  });

  it("writes nothing when the feed answers 304 to the stored ETag", async () => {
    feeds.documents.set("/rss", rss(posts));
    const url = feeds.url("/rss");
    await fetchFeed.handle({ url }, context());
    const commands = recordCommands(local.s3);

    await fetchFeed.handle({ url }, context());

    expect(
      feeds.requests.map(({ conditional, status }) => ({ conditional, status })),
    ).to.deep.equal([
      { conditional: false, status: 200 },
      { conditional: true, status: 304 },
    ]);
    expect(commands).to.deep.equal(["GetObjectCommand"]);
  });

  it("writes no item twice for a duplicate message, even from a server without conditional GET", async () => {
    feeds.documents.set("/rss", rss(posts));
    feeds.ignoreValidators = true;
    const url = feeds.url("/rss");
    await fetchFeed.handle({ url }, context());
    const commands = recordCommands(local.s3);

    await fetchFeed.handle({ url }, context());

    // The cursor is rewritten (same content); no item is.
    expect(commands.filter((name) => name === "PutObjectCommand")).to.have.length(1);
    expect(await keysUnder(feedFolder(url))).to.have.length(3);
  });

  it("stores only the new item when the feed gains one", async () => {
    feeds.documents.set("/rss", rss(posts));
    const url = feeds.url("/rss");
    await fetchFeed.handle({ url }, context());
    feeds.documents.set("/rss", rss([{ guid: "post-3", title: "Third" }, ...posts]));
    const commands = recordCommands(local.s3);

    await fetchFeed.handle({ url }, context());

    expect(commands.filter((name) => name === "PutObjectCommand")).to.have.length(2);
    expect(await keysUnder(feedFolder(url))).to.include(itemKey(url, "post-3"));
    expect((await json(cursorKey(url))).items).to.equal(3);
  });

  for (const [format, document] of [
    ["Atom", atom(["urn:entry:1", "urn:entry:2"])],
    ["JSON Feed", jsonFeed(["urn:entry:1", "urn:entry:2"])],
  ] as const) {
    it(`reads ${format} items by their own ids`, async () => {
      feeds.documents.set("/feed", document);
      const url = feeds.url("/feed");

      await fetchFeed.handle({ url }, context());

      expect(await keysUnder(`${feedFolder(url)}items/`)).to.deep.equal(
        [itemKey(url, "urn:entry:1"), itemKey(url, "urn:entry:2")].sort(),
      );
    });
  }

  describe("failures", () => {
    const permanent: [string, () => void, RegExp, number?][] = [
      ["a feed that is gone (404)", () => {}, /^GET http:\/\/127\.0\.0\.1:\d+\/feed answered 404$/],
      [
        "a body that is no feed",
        () => feeds.documents.set("/feed", { contentType: "text/html", body: "<html>hi</html>" }),
        /^Expected an RSS, Atom, RDF or JSON feed at .*\/feed: /,
      ],
      [
        "a feed over FEED_MAX_BYTES",
        () =>
          feeds.documents.set(
            "/feed",
            rss(Array.from({ length: 20 }, (_, n) => ({ guid: `post-${n}`, title: "Long" }))),
          ),
        /^Expected the feed at .*\/feed to be at most 1024 bytes \(FEED_MAX_BYTES\), got more$/,
        1024,
      ],
    ];
    for (const [what, arrange, message, maxBytes] of permanent) {
      it(`fails permanently for ${what}, writing nothing`, async () => {
        arrange();
        const error = await expectRejection(
          fetchFeed.handle({ url: feeds.url("/feed") }, context(maxBytes)),
        );
        expect(error).to.be.instanceOf(PermanentJobError);
        expect(error.message).to.match(message);
        expect(await keysUnder("feeds/")).to.deep.equal([]);
      });
    }

    for (const status of [429, 503]) {
      it(`fails with a retryable error for ${status}`, async () => {
        feeds.documents.set("/feed", { contentType: "", body: "", status });
        const error = await expectRejection(
          fetchFeed.handle({ url: feeds.url("/feed") }, context()),
        );
        expect(error).not.to.be.instanceOf(PermanentJobError);
        expect(error.message).to.match(new RegExp(`answered ${status}$`));
      });
    }

    it("asks to be retried after the feed server's Retry-After, not the policy's backoff", async () => {
      feeds.documents.set("/feed", { contentType: "", body: "", status: 429, retryAfter: "120" });
      const error = await expectRejection(fetchFeed.handle({ url: feeds.url("/feed") }, context()));
      expect(error).to.be.instanceOf(RetryLaterError);
      expect(error).to.have.property("seconds", 120);
    });
  });
});
