import { expect } from "chai";
import { jobs } from "../../src/jobs/index.js";
import { enqueueClient } from "../../src/producer/enqueue-client.js";
import { expectRejection } from "../support/expect-rejection.js";
import { testConfig } from "../support/worker.js";

describe("the enqueue client", () => {
  it("fails enqueue with the variable to set when WORKER_QUEUE_URL is missing", async () => {
    const enqueue = enqueueClient.create({
      config: testConfig(),
      sqs: () => expect.fail("Expected no SQS client without a queue URL"),
      jobs,
    });
    const error = await expectRejection(enqueue("noop", {}));
    expect(error.message).to.equal(
      `Cannot enqueue "noop": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    );
  });
});
