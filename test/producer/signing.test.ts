import { expect } from "chai";
import type { Message } from "@aws-sdk/client-sqs";
import { jobs } from "../../src/jobs/index.js";
import { createProducer } from "../../src/producer/producer.js";
import {
  parseSignature,
  SIGNATURE_ATTRIBUTE,
  signatureMatches,
} from "../../src/protocol/signature.js";
import { expectRejection } from "../support/expect-rejection.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { KEY_1 } from "../support/signing.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { receiveAll } from "./queue-helpers.js";

const SIGNED_AT = 1_795_000_000;

/** The message's String attributes as sqsd forwards them, and whether its signature holds. */
function verifies(message: Message): boolean {
  const attributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, v]) => [name, v.StringValue ?? ""]),
  );
  const fields = parseSignature(attributes[SIGNATURE_ATTRIBUTE] ?? "");
  if (!fields) return false;
  return signatureMatches(KEY_1, fields, attributes, Buffer.from(message.Body ?? "", "utf8"));
}

describe("createProducer with a signing key", () => {
  let local: LocalSqs;
  let queueUrl: string;
  let queueCount = 0;
  before(async () => {
    local = await startLocalSqs();
  });
  after(async () => {
    await local.stop();
  });
  beforeEach(() => {
    queueCount += 1;
    queueUrl = local.createQueue(`signing-${queueCount}`);
  });

  /** A producer whose client enforces AWS's limits, 10 attributes among them, as fauxqs does not. */
  function signingProducer() {
    const sqs = createSqsClient(local.endpoint);
    enforceSqsLimits(sqs);
    const producer = createProducer({
      sqs,
      queueUrl,
      jobs,
      signingKey: KEY_1,
      nowSeconds: () => SIGNED_AT,
    });
    return {
      producer,
      close: () => {
        sqs.destroy();
      },
    };
  }

  it("signs the body and every attribute of each message, one at a time and in batches", async () => {
    const { producer, close } = signingProducer();
    try {
      await producer.enqueue("noop", {}, { attributes: { Tenant: "acme" }, idempotencyKey: "a/1" });
      await producer.enqueueBatch([
        { type: "noop", payload: { n: 1 } },
        { type: "noop", payload: { n: 2 }, options: { attributes: { origin: "web" } } },
      ]);
    } finally {
      close();
    }
    const messages = await receiveAll(local.client, queueUrl);
    expect(messages).to.have.length(3);
    for (const message of messages) {
      expect(message.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.match(
        new RegExp(`^v1;kid=k1;t=${SIGNED_AT};sig=[0-9a-f]{64}$`),
      );
      expect(verifies(message), message.Body).to.equal(true);
    }
  });

  it("counts the signature against SQS's 10 attributes: 8 of the job's own fit with an idempotency key", async () => {
    const { producer, close } = signingProducer();
    const eight = Object.fromEntries([...Array(8).keys()].map((i) => [`a${i}`, "x"]));
    try {
      await producer.enqueue("noop", {}, { attributes: eight, idempotencyKey: "k" });
      const error = await expectRejection(
        producer.enqueue("noop", {}, { attributes: { ...eight, a8: "x" } }),
      );
      expect(error.message).to.equal(
        "Expected at most 8 attributes (SQS allows 10, two are kept for idempotency-key and worker-signature), got 9",
      );
    } finally {
      close();
    }
    const [message] = await receiveAll(local.client, queueUrl);
    expect(Object.keys(message?.MessageAttributes ?? {})).to.have.length(10);
  });

  const unsignable: [string, Record<string, string>, string][] = [
    ["a value with a leading space", { note: " hi" }, `got "note" = " hi"`],
    ["a value with a line break", { note: "a\nb" }, `got "note" = "a\\nb"`],
    ["a non-ASCII value", { note: "héllo" }, `got "note" = "héllo"`],
    [
      "two names that HTTP lowercases to one",
      { Tenant: "a", tenant: "b" },
      `got "Tenant" and "tenant", one name once HTTP lowercases it`,
    ],
  ];
  for (const [what, attributes, got] of unsignable) {
    it(`refuses to sign ${what}, which the app could not verify, and sends nothing`, async () => {
      const { producer, close } = signingProducer();
      try {
        const error = await expectRejection(producer.enqueue("noop", {}, { attributes }));
        expect(error.name).to.equal("EnqueueError");
        expect(error.message).to.match(/^Expected attributes a signature can cover \(/);
        expect(error.message).to.have.string(got);
      } finally {
        close();
      }
      expect(await receiveAll(local.client, queueUrl)).to.have.length(0);
    });
  }

  it("refuses an attribute named worker-signature, signing or not", async () => {
    const producer = createProducer({ sqs: local.client, queueUrl, jobs });
    const error = await expectRejection(
      producer.enqueue("noop", {}, { attributes: { "Worker-Signature": "v1;kid=x;t=1;sig=00" } }),
    );
    expect(error.message).to.match(
      /nor being "idempotency-key" or "worker-signature", got "Worker-Signature"$/,
    );
  });
});
