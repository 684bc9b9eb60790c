import { expect } from "chai";
import { SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { loadConfig } from "../../src/config.js";
import { checkSignature, signaturePolicy } from "../../src/delivery/verify-signature.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";
import { signMessage, SIGNATURE_ATTRIBUTE } from "../../src/protocol/signature.js";
import type { LocalSqs } from "../support/fauxqs.js";
import { KEY_1, SIGNING_ENV } from "../support/signing.js";
import { receiveAll } from "../producer/queue-helpers.js";
import { cli, startWorkerQueues } from "./support.js";

/** What the app would answer to this message delivered now: undefined when it would run it. */
function appVerdict(message: Message): string | undefined {
  const policy = signaturePolicy(loadConfig(SIGNING_ENV, { jobs: [], tasks: [] }));
  if (!policy) throw new Error("Expected a signature policy from SIGNING_ENV, got none");
  const attributes = Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, v]) => [
      name.toLowerCase(),
      v.StringValue ?? "",
    ]),
  );
  const sentAt = new Date(Number(message.Attributes?.SentTimestamp));
  const delivery: SqsdDelivery = {
    messageId: message.MessageId ?? "",
    receiveCount: 1,
    firstReceivedAt: sentAt,
    sentAt,
    queue: "worker-queue",
    senderId: undefined,
    path: "/",
    attributes,
    task: undefined,
  };
  const body = Buffer.from(message.Body ?? "", "utf8");
  return checkSignature(delivery, body, "job", policy)?.reason;
}

const text = (value: string) => ({ DataType: "String", StringValue: value });

describe("the CLI with WORKER_SIGNING_KEYS set", () => {
  let sqs: LocalSqs;
  let env: Record<string, string>;
  let queueUrl: string;
  let dlqUrl: string;
  beforeEach(async () => {
    ({ sqs, queueUrl, dlqUrl, env } = await startWorkerQueues());
  });
  afterEach(() => sqs.stop());

  it("enqueue signs the job with the first key, so the app would run it", async () => {
    const run = await cli(["enqueue", "noop", '{"n":1}', "--attribute", "tenant=acme"], {
      ...env,
      ...SIGNING_ENV,
    });
    expect(run.code, run.stderr).to.equal(0);
    const [message] = await receiveAll(sqs.client, queueUrl);
    expect(message?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.match(/^v1;kid=k1;/);
    expect(appVerdict(message!)).to.equal(undefined);
  });

  /** A signed job as the app parks it: attribute names lowercased, parking details added. */
  async function parkSigned(body: string, signedBody = body): Promise<string> {
    const signedAt = Math.floor(Date.now() / 1000) - 86_400;
    const signature = signMessage(KEY_1, signedAt, { tenant: "acme" }, signedBody);
    await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: body,
        MessageAttributes: {
          tenant: text("acme"),
          [SIGNATURE_ATTRIBUTE]: text(signature),
          "worker.reason": text("permanent-failure"),
          "worker.original-message-id": text("original-1"),
        },
      }),
    );
    return signature;
  }

  it("dlq redrive signs a day-old job again with a fresh timestamp, so the redriven copy is not stale", async () => {
    const old = await parkSigned('{"type":"noop","payload":{}}');
    const startedAt = Math.floor(Date.now() / 1000);
    const run = await cli(["dlq", "redrive"], { ...env, ...SIGNING_ENV });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Signed 1 of them again with a fresh timestamp");
    const [message] = await receiveAll(sqs.client, queueUrl);
    const renewed = message?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue ?? "";
    expect(renewed).not.to.equal(old);
    expect(Number(/;t=(\d+);/.exec(renewed)?.[1])).to.be.at.least(startedAt);
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).to.deep.equal([
      "tenant",
      SIGNATURE_ATTRIBUTE,
    ]);
    expect(appVerdict(message!)).to.equal(undefined);
  });

  it("dlq redrive never signs a job whose signature does not hold: it keeps the attribute as it was", async () => {
    const forged = await parkSigned(
      '{"type":"noop","payload":{"evil":true}}',
      '{"type":"noop","payload":{}}',
    );
    const run = await cli(["dlq", "redrive"], { ...env, ...SIGNING_ENV });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).not.to.include("Signed");
    const [message] = await receiveAll(sqs.client, queueUrl);
    expect(message?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.equal(forged);
    expect(appVerdict(message!)).to.equal("signature-invalid");
  });

  it("dlq redrive without the keys keeps the signature attribute, which the app then finds stale", async () => {
    const old = await parkSigned('{"type":"noop","payload":{}}');
    const run = await cli(["dlq", "redrive"], env);
    expect(run.code, run.stderr).to.equal(0);
    const [message] = await receiveAll(sqs.client, queueUrl);
    expect(message?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.equal(old);
    expect(appVerdict(message!)).to.equal("signature-stale");
  });
});
