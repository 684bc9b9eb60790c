import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { jobs } from "../../src/jobs/index.js";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { createProducer } from "../../src/producer/producer.js";
import { nextEvent } from "../daemon/support.js";
import { freePort } from "../support/free-port.js";

describe("npm run local (the local loop)", function () {
  this.timeout(60_000);
  let loop: LocalLoop | undefined;
  const lines: string[] = [];

  beforeEach(async () => {
    lines.length = 0;
    loop = await startLocalLoop({
      cwd: process.cwd(),
      sqsPort: 0,
      appPort: await freePort(),
      appCommand: [process.execPath, "--import", "tsx", "src/server.ts"],
      // A short job timeout: the jobs a killed app had claimed in the DynamoDB store are taken
      // over when their lease (timeout + 10 s) ends, and the retries below must outlast it.
      env: { PATH: process.env.PATH, LOG_LEVEL: "warn", WORKER_JOB_TIMEOUT_SECONDS: "2" },
      log: (line) => lines.push(line),
      // Fast retries, and enough of them that a restart of the app never pushes a job to the DLQ.
      sqsdFlags: { ErrorVisibilityTimeout: "1", MaxRetries: "20" },
      writeState: false,
    });
  });
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  it("runs an enqueued job through the queue, the daemon and the app, and deletes it", async () => {
    const running = loop!;
    const producer = createProducer({
      sqs: running.queues.sqs,
      queueUrl: running.queues.queueUrl,
      jobs,
    });
    const deleted = nextEvent(running.daemon.events, "deleted");
    const { messageId } = await producer.enqueueByName("noop", { hello: "world" });
    const [refs] = await deleted;
    expect(refs.map((ref) => ref.messageId)).to.deep.equal([messageId]);
    expect(
      lines.some((line) => line.includes("message: sent to http://127.0.0.1:")),
      lines.join("\n"),
    ).to.equal(true);
  });

  it("records the job's completion in the embedded DynamoDB, the store production uses", async () => {
    const running = loop!;
    const producer = createProducer({
      sqs: running.queues.sqs,
      queueUrl: running.queues.queueUrl,
      jobs,
    });
    const deleted = nextEvent(running.daemon.events, "deleted");
    const { messageId } = await producer.enqueueByName("noop", {});
    await deleted;
    const { Item } = await running.dynamoDb.client.send(
      new GetItemCommand({
        TableName: running.dynamoDb.table,
        Key: { id: { S: `job#noop#message:${messageId}` } },
        ConsistentRead: true,
      }),
    );
    expect(Item?.status?.S).to.equal("COMPLETED");
  });

  it("loses no message when the app is killed in the middle of a batch, and restarts the app", async () => {
    const running = loop!;
    const producer = createProducer({
      sqs: running.queues.sqs,
      queueUrl: running.queues.queueUrl,
      jobs,
    });
    const entries = Array.from({ length: 100 }, (_, n) => ({
      type: "noop" as const,
      payload: { n },
    }));
    const deletedIds = new Set<string>();
    const allDeleted = new Promise<void>((resolve) => {
      running.daemon.events.on("deleted", (refs) => {
        for (const ref of refs) deletedIds.add(ref.messageId);
        if (deletedIds.size >= entries.length) resolve();
      });
    });
    const firstPost = nextEvent(running.daemon.events, "posted");
    const sent = await producer.enqueueBatch(entries);
    await firstPost;
    process.kill(running.app.pid ?? 0, "SIGKILL");

    await allDeleted;
    expect(new Set(sent.map((message) => message.messageId))).to.deep.equal(deletedIds);
    expect(running.app.restarts, "expected the app to be restarted").to.be.at.least(1);
    expect(
      lines.some((line) => /the app exited \(signal SIGKILL\); restarting in 1 s/.test(line)),
      lines.join("\n"),
    ).to.equal(true);
    const parked = await running.queues.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: running.queues.deadLetterQueueUrl,
        MaxNumberOfMessages: 10,
      }),
    );
    expect(parked.Messages).to.equal(undefined);
  });
});
