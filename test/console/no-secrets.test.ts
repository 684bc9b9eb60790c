import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { loadConfig } from "../../src/config.js";
import { SIGNATURE_ATTRIBUTE } from "../../src/protocol/signature.js";
import { KEY_1, SIGNING_ENV } from "../support/signing.js";
import { startConsoleUnderTest, type ConsoleUnderTest } from "./support.js";

describe("the console with the app's signing keys", function () {
  this.timeout(20_000);
  let subject: ConsoleUnderTest;

  before(async () => {
    subject = await startConsoleUnderTest(loadConfig(SIGNING_ENV).signingKeys);
  });
  after(async () => {
    await subject.stop();
  });

  it("signs the job it enqueues, as the app requires, and shows neither the key nor the signature", async () => {
    const answer = await fetch(`${subject.origin}/api/jobs`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: subject.origin,
        "x-console-token": subject.token,
      },
      body: JSON.stringify({ type: "noop", payload: {} }),
    });
    expect(answer.status).to.equal(202);
    const { Messages = [] } = await subject.sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: subject.queueUrl, MessageAttributeNames: ["All"] }),
    );
    const signature = Messages[0]?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue ?? "";
    expect(signature).to.match(/k1/);

    const state = await (await fetch(`${subject.origin}/api/state`)).text();
    for (const text of [subject.page, state]) {
      expect(text).not.to.include(KEY_1.secret.toString("base64"));
      expect(text).not.to.include(KEY_1.secret.toString("hex"));
      expect(text).not.to.include(signature);
    }
  });
});
