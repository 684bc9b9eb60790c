import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { injectSqsFaults } from "../support/sqs-faults.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { cli } from "./support.js";

/** How long a batch waits for others to join it before it goes on alone (a sequential sender). */
const GATHER_WAIT_MS = 2000;

/**
 * Counts SendMessageBatch calls in flight and holds each one until `gather` are in flight (or
 * GATHER_WAIT_MS passed), so a sender that works in parallel is seen to, however loaded the
 * machine; then slows each by a seeded random delay, so they finish out of order.
 */
function withShuffledBatches(counter: { open: number; most: number }, gather = 4) {
  let released = false;
  let release: () => void = () => undefined;
  const gathered = new Promise<void>((resolve) => {
    release = resolve;
  });
  return (client: SQSClient): SQSClient => {
    enforceSqsLimits(client);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== "SendMessageBatchCommand") return next(args);
        counter.open += 1;
        counter.most = Math.max(counter.most, counter.open);
        if (counter.most >= gather) {
          released = true;
          release();
        }
        try {
          if (!released) {
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([
              gathered,
              new Promise<void>((resolve) => {
                timer = setTimeout(resolve, GATHER_WAIT_MS);
              }),
            ]);
            clearTimeout(timer);
          }
          return await next(args);
        } finally {
          counter.open -= 1;
        }
      },
      { step: "initialize", name: "countBatchesInFlight", priority: "low" },
    );
    injectSqsFaults(client, { rate: 1, kinds: ["slow"], slowMs: 60, seed: 9 });
    return client;
  };
}

describe("sqs-worker enqueue --file: order and throughput", function () {
  this.timeout(30_000);
  let sqs: LocalSqs;
  beforeEach(async () => {
    sqs = await startLocalSqs();
  });
  afterEach(() => sqs.stop());

  function writeJobs(lines: object[]): string {
    const file = join(mkdtempSync(join(tmpdir(), "sqs-worker-jobs-")), "jobs.ndjson");
    writeFileSync(file, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n`);
    return file;
  }

  /** Every message of a FIFO queue in the order SQS hands them out, consuming them. */
  async function receiveInOrder(queueUrl: string): Promise<{ group: string; n: number }[]> {
    const received: { group: string; n: number }[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageSystemAttributeNames: ["MessageGroupId"],
        }),
      );
      if (Messages.length === 0) return received;
      for (const message of Messages) {
        const { payload } = JSON.parse(message.Body ?? "") as { payload: { n: number } };
        received.push({ group: message.Attributes?.MessageGroupId ?? "", n: payload.n });
      }
      await sqs.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  }

  it("keeps the file's order within each message group of a FIFO queue, with distinct groups still sent in parallel", async () => {
    const queueUrl = sqs.createQueue("worker-queue.fifo", {
      FifoQueue: "true",
      ContentBasedDeduplication: "true",
    });
    const groups = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const lines = Array.from({ length: 240 }, (_, n) => ({
      type: "noop",
      payload: { n },
      // Runs of 10 per group, so whole batches belong to one group and can go in parallel.
      options: { groupId: groups[Math.floor(n / 10) % groups.length] },
    }));
    const counter = { open: 0, most: 0 };
    const run = await cli(
      ["enqueue", "--file", writeJobs(lines), "--queue-url", queueUrl],
      { SQS_ENDPOINT: sqs.endpoint },
      { wrapClient: withShuffledBatches(counter) },
    );
    expect(run.code, run.stderr).to.equal(0);
    const received = await receiveInOrder(queueUrl);
    expect(received).to.have.length(240);
    for (const group of groups) {
      const order = received.filter((entry) => entry.group === group).map((entry) => entry.n);
      expect(order, `group ${group}`).to.deep.equal(order.toSorted((a, b) => a - b));
    }
    expect(counter.most, "batches in flight at once").to.be.at.least(4);
  });

  it("sends a standard queue's batches in parallel", async () => {
    const queueUrl = sqs.createQueue("worker-queue");
    const lines = Array.from({ length: 200 }, (_, n) => ({ type: "noop", payload: { n } }));
    const counter = { open: 0, most: 0 };
    const run = await cli(
      ["enqueue", "--file", writeJobs(lines), "--queue-url", queueUrl],
      { SQS_ENDPOINT: sqs.endpoint },
      { wrapClient: withShuffledBatches(counter) },
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Enqueued 200 of 200 job(s).");
    expect(counter.most, "batches in flight at once").to.be.at.least(4);
  });
});
