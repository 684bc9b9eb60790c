import { expect } from "chai";
import { mailerClient } from "../../src/mail/mail-client.js";
import { expectRejection } from "../support/expect-rejection.js";
import { testConfig } from "../support/worker.js";

describe("the mailer client", () => {
  it("refuses to send email in production without SMTP_URL instead of writing it to the instance's disk", async () => {
    const mailer = mailerClient.create({
      config: testConfig({ NODE_ENV: "production" }),
      sqs: () => expect.fail("Expected the mailer not to need SQS"),
      jobs: [],
    });
    const error = await expectRejection(
      mailer.send({ to: "ada@example.com", subject: "Hi", text: "Hello", messageId: "m-1" }),
    );
    expect(error.message).to.equal(
      "SMTP_URL is not set; expected an smtp:// URL in production (the .eml outbox is for development only)",
    );
  });
});
