import { expect } from "chai";
import { createSqsClient } from "./support/fauxqs.js";
import { createServices } from "../src/create-services.js";
import { expectRejection } from "./support/expect-rejection.js";
import { testConfig } from "./support/worker.js";

// No SQS call is made: the client only has to exist.
const sqs = createSqsClient("http://127.0.0.1:9");

describe("createServices", () => {
  after(() => {
    sqs.destroy();
  });

  it("refuses to send email in production without SMTP_URL instead of writing it to the instance's disk", async () => {
    const services = createServices(testConfig({ NODE_ENV: "production" }), sqs);
    const error = await expectRejection(
      services.mailer.send({
        to: "ada@example.com",
        subject: "Hi",
        text: "Hello",
        messageId: "m-1",
      }),
    );
    expect(error.message).to.equal(
      "SMTP_URL is not set; expected an smtp:// URL in production (the .eml outbox is for development only)",
    );
  });

  it("fails enqueue with the variable to set when WORKER_QUEUE_URL is missing", async () => {
    const services = createServices(testConfig(), sqs);
    const error = await expectRejection(services.enqueue("noop", {}));
    expect(error.message).to.equal(
      `Cannot enqueue "noop": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    );
  });
});
