import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { jobs } from "../../src/jobs/index.js";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { createProducer } from "../../src/producer/producer.js";
import { nextEvent } from "../daemon/support.js";
import { freePort } from "../support/free-port.js";
import type { DaemonEvents } from "../../src/daemon/events.js";

/**
 * Resolves once the daemon has deleted every one of `ids`. It waits for these ids, not for a
 * count of deletions: the loop also runs this repository's cron.yaml, whose poll-feeds task is due
 * every 5 minutes and is deleted like any job when a test crosses that minute.
 */
function deletionOf(events: DaemonEvents, ids: Promise<readonly string[]>): Promise<void> {
  const deleted = new Set<string>();
  let wanted: readonly string[] | undefined;
  return new Promise((resolve) => {
    const check = (): void => {
      if (wanted?.every((id) => deleted.has(id))) resolve();
    };
    events.on("deleted", (refs) => {
      for (const ref of refs) deleted.add(ref.messageId);
      check();
    });
    void ids.then((sent) => {
      wanted = sent;
      check();
    });
  });
}

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
    const sent = producer.enqueueByName("noop", { hello: "world" });
    await deletionOf(
      running.daemon.events,
      sent.then(({ messageId }) => [messageId]),
    );
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
    const sent = producer.enqueueByName("noop", {});
    await deletionOf(
      running.daemon.events,
      sent.then(({ messageId }) => [messageId]),
    );
    const { messageId } = await sent;
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
    const firstPost = nextEvent(running.daemon.events, "posted");
    const sent = producer.enqueueBatch(entries);
    const allDeleted = deletionOf(
      running.daemon.events,
      sent.then((messages) => messages.map((message) => message.messageId)),
    );
    await firstPost;
    process.kill(running.app.pid ?? 0, "SIGKILL");

    // Resolves only when every one of the 100 sent messages was deleted, the test's claim.
    await allDeleted;
    expect(await sent).to.have.length(100);
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
