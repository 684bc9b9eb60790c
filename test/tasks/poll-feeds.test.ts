import { ListObjectsV2Command } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { jobs } from "../../src/jobs/index.js";
import { fetchFeed } from "../../src/jobs/fetch-feed.js";
import { parseEnvelope } from "../../src/protocol/envelope.js";
import { createProducer } from "../../src/producer/producer.js";
import { workerBucket } from "../../src/storage/worker-bucket.js";
import { pollFeeds } from "../../src/tasks/poll-feeds.js";
import { atom, jsonFeed, rss, startFeedServer, type FeedServer } from "../feeds/feed-server.js";
import { jobContext, taskContext } from "../jobs/job-context.js";
import { receiveAll } from "../producer/queue-helpers.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { recordCommands, startLocalS3, type LocalS3 } from "../support/s3.js";
import { postTask } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const BUCKET = "worker-bucket";

describe("poll-feeds task", () => {
  let local: LocalS3;
  let feeds: FeedServer;
  beforeEach(async () => {
    local = await startLocalS3();
    await local.createBucket(BUCKET);
    feeds = await startFeedServer();
    // fauxqs is laxer than SQS about batches: the test holds the producer to AWS's limits.
    enforceSqsLimits(local.sqs.client);
  });
  afterEach(async () => {
    await feeds.stop();
    await local.stop();
  });

  const scheduledAt = new Date("2026-11-27T10:05:00Z");

  /** Runs the task once, then every fetch-feed job it enqueued, as the worker would. */
  async function pollOnce(queueUrl: string, urls: string[]): Promise<string[]> {
    const { enqueueBatch } = createProducer({ sqs: local.sqs.client, queueUrl, jobs });
    await pollFeeds.run(
      taskContext(pollFeeds, {
        task: { name: "poll-feeds", scheduledAt },
        settings: { feeds: urls },
        clients: { enqueueBatch },
      }),
    );
    const messages = await receiveAll(local.sqs.client, queueUrl);
    const context = jobContext(fetchFeed, {
      settings: jobContext(fetchFeed).settings,
      clients: { s3: local.s3, workerBucket: workerBucket(BUCKET) },
    });
    const fetched: string[] = [];
    for (const message of messages) {
      const parsed = parseEnvelope(Buffer.from(message.Body ?? ""));
      if (!parsed.ok) expect.fail(parsed.message);
      const payload = fetchFeed.payload.parse(parsed.envelope.payload);
      await fetchFeed.handle(payload, context);
      fetched.push(payload.url);
    }
    return fetched.sort();
  }

  async function storedKeys(): Promise<string[]> {
    const listed = await local.s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "feeds/" }),
    );
    return (listed.Contents ?? []).map((object) => object.Key ?? "");
  }

  it("enqueues one fetch-feed per feed, which store every item; a second run against unchanged feeds writes nothing", async () => {
    feeds.documents.set(
      "/rss",
      rss([
        { guid: "a", title: "A" },
        { guid: "b", title: "B" },
      ]),
    );
    feeds.documents.set("/atom", atom(["urn:1"]));
    feeds.documents.set("/json", jsonFeed(["1", "2", "3"]));
    const urls = ["/rss", "/atom", "/json"].map((path) => feeds.url(path));
    const queueUrl = local.sqs.createQueue("worker-queue");

    expect(await pollOnce(queueUrl, urls)).to.deep.equal([...urls].sort());
    const keys = await storedKeys();
    expect(keys.filter((key) => key.includes("/items/"))).to.have.length(6);
    expect(keys.filter((key) => key.endsWith("/cursor.json"))).to.have.length(3);

    const commands = recordCommands(local.s3);
    expect(await pollOnce(queueUrl, urls)).to.have.length(3);
    expect(commands.filter((name) => name === "PutObjectCommand")).to.deep.equal([]);
    expect(feeds.requests.filter((request) => request.status === 304)).to.have.length(3);
  });

  it("sends the fan-out in batches of at most 10, one idempotency key per feed and minute", async () => {
    const urls = Array.from({ length: 23 }, (_, n) => feeds.url(`/feed-${n}`));
    const queueUrl = local.sqs.createQueue("worker-queue");
    const { enqueueBatch } = createProducer({ sqs: local.sqs.client, queueUrl, jobs });
    const sent = recordSqsCommands(local);

    await pollFeeds.run(
      taskContext(pollFeeds, {
        task: { name: "poll-feeds", scheduledAt },
        settings: { feeds: urls },
        clients: { enqueueBatch },
      }),
    );

    expect(sent).to.deep.equal([
      "SendMessageBatchCommand",
      "SendMessageBatchCommand",
      "SendMessageBatchCommand",
    ]);
    const messages = await receiveAll(local.sqs.client, queueUrl);
    expect(
      messages.map((m) => m.MessageAttributes?.["idempotency-key"]?.StringValue).sort(),
    ).to.deep.equal(urls.map((url) => `poll-feeds/2026-11-27T10:05/${url}`).sort());
  });

  it("enqueues nothing when FEED_URLS is empty", async () => {
    const queueUrl = local.sqs.createQueue("worker-queue");
    expect(await pollOnce(queueUrl, [])).to.deep.equal([]);
  });

  it("answers sqsd's POST to /tasks/poll-feeds with 200", async () => {
    const batches: unknown[] = [];
    const { app } = testWorker({
      tasks: [pollFeeds],
      clients: {
        "enqueue-batch": (entries: unknown[]) => {
          batches.push(entries);
          return Promise.resolve([]);
        },
      },
      env: { FEED_URLS: "https://example.com/feed.xml" },
    });
    await postTask(app, "poll-feeds", scheduledAt).expect(200);
    expect(batches).to.have.length(1);
  });
});

function recordSqsCommands(local: LocalS3): string[] {
  const names: string[] = [];
  local.sqs.client.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize", name: "recordSqsCommands" },
  );
  return names;
}
