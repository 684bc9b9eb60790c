import { expect } from "chai";
import { encodeJob } from "../../src/protocol/envelope.js";
import { fixtureProducer, type FixtureProducer } from "./fixture-producer.js";
import { expectRejection } from "../support/expect-rejection.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { receiveAll, recordCommands } from "./queue-helpers.js";

/** Asserts that `error` is an EnqueueError with exactly this message (or one matching this pattern). */
function expectEnqueueError(error: Error, message: string | RegExp): void {
  expect(error.name).to.equal("EnqueueError");
  if (typeof message === "string") expect(error.message).to.equal(message);
  else expect(error.message).to.match(message);
}

describe("createProducer", () => {
  let local: LocalSqs;
  let queueCount = 0;
  before(async () => {
    local = await startLocalSqs();
  });
  after(async () => {
    await local.stop();
  });

  function newQueue(fifo = false): { url: string; name: string } {
    queueCount += 1;
    const name = fifo ? `producer-${queueCount}.fifo` : `producer-${queueCount}`;
    return { url: local.createQueue(name, fifo ? { FifoQueue: "true" } : undefined), name };
  }

  function producerFor(queueUrl: string): FixtureProducer {
    return fixtureProducer({ sqs: local.client, queueUrl });
  }

  describe("options", () => {
    it("refuses a queueUrl that is not an absolute URL", () => {
      expect(() => fixtureProducer({ sqs: local.client, queueUrl: "worker-queue" }))
        .to.throw()
        .that.includes({
          name: "EnqueueError",
          message: 'Expected queueUrl to be an absolute URL, got "worker-queue"',
        });
    });

    it("refuses a maxMessageBytes outside SQS's range", () => {
      const queueUrl = newQueue().url;
      expect(() => fixtureProducer({ sqs: local.client, queueUrl, maxMessageBytes: 2_000_000 }))
        .to.throw()
        .that.includes({
          name: "EnqueueError",
          message:
            "Expected maxMessageBytes to be a whole number from 1024 to 1048576 (SQS's range for MaximumMessageSize), got 2000000",
        });
    });
  });

  describe("enqueue", () => {
    it("puts the job envelope on the queue and returns SQS's message id", async () => {
      const queue = newQueue();
      const payload = { to: "ann@example.com", subject: "Hi", text: "Hello" };
      const { messageId } = await producerFor(queue.url).enqueue("notify", payload);

      const messages = await receiveAll(local.client, queue.url);
      expect(messages.length).to.equal(1);
      const [message] = messages;
      if (!message?.Body) return expect.fail("Expected a message with a body, got none");
      expect(message.MessageId).to.equal(messageId);
      expect(JSON.parse(message.Body)).to.deep.equal({ type: "notify", payload });
    });

    it("refuses an unknown job type, listing the registered ones", async () => {
      expectEnqueueError(
        await expectRejection(producerFor(newQueue().url).enqueue("send-fax", {})),
        'Expected a job type registered in src/jobs/index.ts (ping, notify), got "send-fax"',
      );
    });

    it("refuses a payload the handler's schema rejects, quoting the zod issue, and sends nothing", async () => {
      const queue = newQueue();
      const payload = { to: "not-an-address", subject: "Hi", text: "Hello" };
      expectEnqueueError(
        await expectRejection(producerFor(queue.url).enqueue("notify", payload)),
        'Expected a payload matching the "notify" schema, got to: Invalid email address',
      );
      expect(await receiveAll(local.client, queue.url)).to.deep.equal([]);
    });

    it("checks the payload after the JSON round trip, as the handler will see it", async () => {
      const payload = { to: "ann@example.com", subject: undefined as unknown as string, text: "x" };
      expectEnqueueError(
        await expectRejection(producerFor(newQueue().url).enqueue("notify", payload)),
        /^Expected a payload matching the "notify" schema, got subject: /,
      );
    });

    it("passes string attributes and the idempotency key as message attributes", async () => {
      const queue = newQueue();
      const options = { attributes: { tenant: "acme" }, idempotencyKey: "ping/1" };
      await producerFor(queue.url).enqueue("ping", {}, options);

      const [message] = await receiveAll(local.client, queue.url);
      expect(message?.MessageAttributes).to.deep.equal({
        tenant: { DataType: "String", StringValue: "acme" },
        "idempotency-key": { DataType: "String", StringValue: "ping/1" },
      });
    });

    it("refuses an attribute name sqsd reserves", async () => {
      const options = { attributes: { "beanstalk.sqsd.path": "/x" } };
      expectEnqueueError(
        await expectRejection(producerFor(newQueue().url).enqueue("ping", {}, options)),
        /^Expected an attribute name .*, got "beanstalk\.sqsd\.path"$/,
      );
    });
  });

  describe("with delaySeconds", () => {
    for (const delaySeconds of [-1, 901, 1.5]) {
      it(`refuses ${delaySeconds}, naming SQS's 900 s limit`, async () => {
        expectEnqueueError(
          await expectRejection(producerFor(newQueue().url).enqueue("ping", {}, { delaySeconds })),
          `Expected delaySeconds to be a whole number from 0 to 900 (SQS's limit is 900 s), got ${delaySeconds}`,
        );
      });
    }

    it("accepts 900 and the job is not visible yet", async () => {
      const queue = newQueue();
      await producerFor(queue.url).enqueue("ping", {}, { delaySeconds: 900 });
      expect(await receiveAll(local.client, queue.url)).to.deep.equal([]);
    });

    it("accepts 0 and the job is visible at once", async () => {
      const queue = newQueue();
      await producerFor(queue.url).enqueue("ping", {}, { delaySeconds: 0 });
      expect((await receiveAll(local.client, queue.url)).length).to.equal(1);
    });
  });

  describe("with an oversize body", () => {
    it("refuses it, naming the size in UTF-8 bytes and the limit, and sends nothing", async () => {
      const queue = newQueue();
      const client = createSqsClient(local.endpoint);
      const commands = recordCommands(client);
      const producer = fixtureProducer({ sqs: client, queueUrl: queue.url });
      const payload = { blob: "€".repeat(349_526) }; // 3 bytes each: just over 1 MiB
      const size = Buffer.byteLength(encodeJob("ping", payload));

      expectEnqueueError(
        await expectRejection(producer.enqueue("ping", payload)),
        `Expected the "ping" message to be at most 1048576 bytes (the queue's limit), got ${size} bytes`,
      );
      client.destroy();
      expect(commands).to.deep.equal([]);
      expect(await receiveAll(local.client, queue.url)).to.deep.equal([]);
    });

    it("counts attribute names, types and values towards a lower queue limit", async () => {
      const queueUrl = newQueue().url;
      const producer = fixtureProducer({ sqs: local.client, queueUrl, maxMessageBytes: 1024 });
      const payload = { blob: "x".repeat(900) };
      const attributes = { note: "y".repeat(100) };
      const size =
        Buffer.byteLength(encodeJob("ping", payload)) + "note".length + "String".length + 100;

      expectEnqueueError(
        await expectRejection(producer.enqueue("ping", payload, { attributes })),
        `Expected the "ping" message to be at most 1024 bytes (the queue's limit), got ${size} bytes`,
      );
    });
  });

  describe("on a standard queue", () => {
    it("refuses a deduplicationId, which only FIFO queues honour", async () => {
      const queue = newQueue();
      expectEnqueueError(
        await expectRejection(producerFor(queue.url).enqueue("ping", {}, { deduplicationId: "a" })),
        `Expected no deduplicationId on standard queue "${queue.name}" (SQS deduplicates only on FIFO queues; use idempotencyKey), got "a"`,
      );
    });

    it("accepts a groupId, which turns on SQS fair queues", async () => {
      const queue = newQueue();
      await producerFor(queue.url).enqueue("ping", {}, { groupId: "tenant-1" });
      expect((await receiveAll(local.client, queue.url)).length).to.equal(1);
    });
  });

  describe("on a FIFO queue", () => {
    it("requires a groupId", async () => {
      const queue = newQueue(true);
      expectEnqueueError(
        await expectRejection(producerFor(queue.url).enqueue("ping", {}, { deduplicationId: "a" })),
        `Expected a groupId for FIFO queue "${queue.name}" (SQS requires a MessageGroupId there), got none`,
      );
    });

    it("refuses a per-message delay", async () => {
      const queue = newQueue(true);
      const options = { groupId: "g", deduplicationId: "a", delaySeconds: 5 };
      expectEnqueueError(
        await expectRejection(producerFor(queue.url).enqueue("ping", {}, options)),
        `Expected no delaySeconds on FIFO queue "${queue.name}" (SQS allows only a queue-level delay there), got 5`,
      );
    });

    it("refuses a deduplicationId SQS would reject", async () => {
      const options = { groupId: "g", deduplicationId: "has space" };
      expectEnqueueError(
        await expectRejection(producerFor(newQueue(true).url).enqueue("ping", {}, options)),
        `Expected deduplicationId to be 1 to 128 printable ASCII characters without spaces (SQS's rule), got "has space"`,
      );
    });

    it("sends the group and deduplication ids, and SQS drops the repeat", async () => {
      const queue = newQueue(true);
      const producer = producerFor(queue.url);
      const options = { groupId: "digest", deduplicationId: "digest-2026-11-27" };
      const first = await producer.enqueue("ping", { n: 1 }, options);
      const second = await producer.enqueue("ping", { n: 2 }, options);

      expect(second.messageId).to.equal(first.messageId);
      const messages = await receiveAll(local.client, queue.url);
      expect(
        messages.map((m) => [m.Attributes?.MessageGroupId, m.Attributes?.MessageDeduplicationId]),
      ).to.deep.equal([["digest", "digest-2026-11-27"]]);
    });

    it("turns an idempotency key into a deduplication id, so a repeat is dropped", async () => {
      const queue = newQueue(true);
      const producer = producerFor(queue.url);
      const options = { groupId: "g", idempotencyKey: "daily-digest/2026-11-27/ann@example.com" };
      await producer.enqueue("ping", {}, options);
      await producer.enqueue("ping", {}, options);
      expect((await receiveAll(local.client, queue.url)).length).to.equal(1);
    });
  });
});
