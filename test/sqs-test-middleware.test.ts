import { expect } from "chai";
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type MessageAttributeValue,
} from "@aws-sdk/client-sqs";
import { createSqsClient, startLocalSqs, type LocalSqs } from "./support/fauxqs.js";
import { expectRejection } from "./support/expect-rejection.js";
import { injectSqsFaults } from "./support/sqs-faults.js";
import { enforceSqsLimits } from "./support/sqs-limits.js";

describe("the SQS middlewares tests use", function () {
  let sqs: LocalSqs;
  let queueUrl: string;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    queueUrl = sqs.createQueue("queue");
  });
  afterEach(() => sqs.stop());

  /** The outcome of `count` SendMessage calls through a client with these faults. */
  async function outcomes(seed: number, count: number): Promise<string[]> {
    const client = createSqsClient(sqs.endpoint);
    injectSqsFaults(client, { rate: 0.5, seed, kinds: ["errors", "throttling"] });
    const seen: string[] = [];
    for (let n = 0; n < count; n += 1) {
      try {
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "x" }));
        seen.push("ok");
      } catch (error) {
        seen.push((error as Error).name);
      }
    }
    client.destroy();
    return seen;
  }

  it("injects the same faults for the same seed, and others for another seed", async () => {
    const first = await outcomes(42, 20);
    expect(first).to.include("ok").and.to.include("InternalError");
    expect(await outcomes(42, 20)).to.deep.equal(first);
    expect(await outcomes(43, 20)).to.not.deep.equal(first);
  });

  it("fails part of a batch in Failed and sends the rest", async () => {
    const client = createSqsClient(sqs.endpoint);
    const faults = injectSqsFaults(client, { rate: 1, kinds: ["partial-batch"] });
    const entries = Array.from({ length: 10 }, (_, n) => ({ Id: `e${n}`, MessageBody: `m${n}` }));
    const result = await client.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
    );
    client.destroy();
    const failed = (result.Failed ?? []).map((entry) => entry.Id);
    const sent = (result.Successful ?? []).map((entry) => entry.Id);
    expect(failed.length).to.be.above(0);
    expect([...failed, ...sent].toSorted()).to.deep.equal(entries.map((e) => e.Id).toSorted());
    expect(faults.injected["partial-batch"]).to.equal(1);
    const { Messages = [] } = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.length).to.equal(sent.length);
    await sqs.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  });

  it("refuses what AWS refuses and fauxqs accepts: an 11th message attribute, and a message over the queue's size", async () => {
    const client = createSqsClient(sqs.endpoint);
    enforceSqsLimits(client, { maxMessageBytes: 256 * 1024 });
    const attributes: Record<string, MessageAttributeValue> = {};
    for (let n = 0; n < 11; n += 1) attributes[`a${n}`] = { DataType: "String", StringValue: "v" };
    const tooMany = await expectRejection(
      client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: "x",
          MessageAttributes: attributes,
        }),
      ),
    );
    expect(tooMany.message).to.equal(
      "Number of message attributes [11] exceeds the allowed maximum [10].",
    );
    const tooLarge = await expectRejection(
      client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "x".repeat(256 * 1024 + 1) }),
      ),
    );
    expect(tooLarge.message).to.match(/Message must be shorter than 262144 bytes/);
    client.destroy();
  });
});
