import { expect } from "chai";
import { EnqueueBatchError } from "../../src/producer/errors.js";
import { fixtureProducer, type FixtureEntry, type FixtureProducer } from "./fixture-producer.js";
import { expectRejection } from "../support/expect-rejection.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { receiveAll, recordCommands } from "./queue-helpers.js";

describe("enqueueBatch", () => {
  let local: LocalSqs;
  let destroyClient: (() => void) | undefined;
  before(async () => {
    local = await startLocalSqs();
  });
  afterEach(() => {
    destroyClient?.();
  });
  after(async () => {
    await local.stop();
  });

  /** A producer on its own client, so the commands it sends can be counted. */
  function countedProducer(queueUrl: string): { producer: FixtureProducer; commands: string[] } {
    const client = createSqsClient(local.endpoint);
    destroyClient = () => {
      client.destroy();
    };
    const commands = recordCommands(client);
    return { producer: fixtureProducer({ sqs: client, queueUrl }), commands };
  }

  function pings(count: number, extra: Record<string, unknown> = {}): FixtureEntry[] {
    return Array.from({ length: count }, (_, n) => ({ type: "ping", payload: { n, ...extra } }));
  }

  it("sends 23 jobs as 3 SendMessageBatch calls, and all 23 arrive under the message ids it returns", async () => {
    const queueUrl = local.createQueue("batch-23");
    const { producer, commands } = countedProducer(queueUrl);

    const results = await producer.enqueueBatch(pings(23));

    expect(commands).to.deep.equal(Array(3).fill("SendMessageBatchCommand"));
    const received = await receiveAll(local.client, queueUrl);
    const bodyById = new Map(
      received.map((m) => [m.MessageId, JSON.parse(m.Body ?? "") as unknown]),
    );
    expect(bodyById.size).to.equal(23);
    expect(results.map(({ messageId }) => bodyById.get(messageId))).to.deep.equal(
      pings(23).map(({ type, payload }) => ({ type, payload })),
    );
  });

  it("starts a new request before the batch would pass 1 MiB in total", async () => {
    const queueUrl = local.createQueue("batch-bytes");
    const { producer, commands } = countedProducer(queueUrl);
    const blob = "x".repeat(300_000); // four of these exceed 1 MiB

    await producer.enqueueBatch(pings(5, { blob }));

    expect(commands).to.deep.equal(Array(2).fill("SendMessageBatchCommand"));
    expect((await receiveAll(local.client, queueUrl)).length).to.equal(5);
  });

  it("sends nothing when one entry is invalid, and names every invalid entry", async () => {
    const { producer, commands } = countedProducer(local.createQueue("batch-invalid"));
    const entries: FixtureEntry[] = [
      ...pings(2),
      { type: "notify", payload: { to: "nobody", subject: "s", text: "t" } },
      { type: "ping", payload: {}, options: { delaySeconds: 1000 } },
    ];

    const error = await expectRejection(producer.enqueueBatch(entries));
    expect(error).to.include({
      name: "EnqueueError",
      message: [
        "Expected every batch entry to be valid, got 2 invalid (nothing was sent):",
        '  - entry 2 (notify): Expected a payload matching the "notify" schema, got to: Invalid email address',
        "  - entry 3 (ping): Expected delaySeconds to be a whole number from 0 to 900 (SQS's limit is 900 s), got 1000",
      ].join("\n"),
    });
    expect(commands).to.deep.equal([]);
  });

  it("reports each entry SQS refuses, with the ones that were sent", async () => {
    // Without ContentBasedDeduplication, SQS refuses FIFO entries that carry no deduplication id.
    const queueUrl = local.createQueue("batch-refused.fifo", { FifoQueue: "true" });
    const { producer } = countedProducer(queueUrl);
    const entries: FixtureEntry[] = [
      { type: "ping", payload: {}, options: { groupId: "g", deduplicationId: "one" } },
      { type: "ping", payload: {}, options: { groupId: "g" } },
    ];

    const error = await expectRejection(producer.enqueueBatch(entries));

    if (!(error instanceof EnqueueBatchError)) {
      return expect.fail(`Expected an EnqueueBatchError, got ${error.name}: ${error.message}`);
    }
    expect(error.message).to.equal(
      [
        "Expected every batch entry to be sent, got 1 failed of 2:",
        "  - entry 1 (ping): InvalidParameterValue: The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly.",
      ].join("\n"),
    );
    expect(error.sent.map((s) => s.index)).to.deep.equal([0]);
    expect((await receiveAll(local.client, queueUrl)).length).to.equal(1);
  });

  it("makes no call for an empty list", async () => {
    const { producer, commands } = countedProducer(local.createQueue("batch-empty"));
    expect(await producer.enqueueBatch([])).to.deep.equal([]);
    expect(commands).to.deep.equal([]);
  });
});
