import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { startHarness, type Harness } from "./harness.js";
import { answerStatus } from "./support.js";

describe("daemon: a job that keeps failing", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("is retried with a rising Receive-Count, no sooner than ErrorVisibilityTimeout, then lands in the DLQ after MaxRetries", async () => {
    const maxRetries = 3;
    harness = await startHarness({
      answer: answerStatus(500),
      maxRetries,
      behaviour: { errorVisibilityTimeout: 1 },
    });
    const id = await harness.send('{"type":"noop","payload":{}}');

    // SQS moves the message when a receive would exceed maxReceiveCount; read it from the DLQ.
    const parked = await harness.sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: harness.deadLetterQueueUrl,
        WaitTimeSeconds: 8,
        MaxNumberOfMessages: 1,
      }),
    );
    expect(parked.Messages?.[0]?.MessageId).to.equal(id);

    const deliveries = harness.app.requests;
    expect(deliveries.map((request) => request.headers["x-aws-sqsd-receive-count"])).to.deep.equal([
      "1",
      "2",
      "3",
    ]);
    for (let index = 1; index < deliveries.length; index += 1) {
      const gapMs = deliveries[index]!.arrivedAtMs - deliveries[index - 1]!.arrivedAtMs;
      expect(
        gapMs,
        `delivery ${index + 1} came ${gapMs} ms after the previous one, expected at least 1000`,
      ).to.be.at.least(1000);
    }
    expect(await harness.countMessages(harness.queueUrl)).to.equal(0);
  });
});
