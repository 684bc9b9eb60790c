import { expect } from "chai";
import { enqueueClient } from "../../src/producer/enqueue-client.js";
import { expectRejection } from "../support/expect-rejection.js";
import { testConfig } from "../support/worker.js";
import { FIXTURE_JOBS } from "./fixture-producer.js";

describe("the enqueue client", () => {
  it("fails enqueue with the variable to set when WORKER_QUEUE_URL is missing", async () => {
    const enqueue = enqueueClient.create({
      config: testConfig(),
      sqs: () => expect.fail("Expected no SQS client without a queue URL"),
      jobs: FIXTURE_JOBS,
    });
    // enqueue is typed by the shipped registry; a fixture name reaches the same run-time check.
    const error = await expectRejection(enqueue("ping" as never, {} as never));
    expect(error.message).to.equal(
      `Cannot enqueue "ping": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    );
  });
});
