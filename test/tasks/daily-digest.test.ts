import { expect } from "chai";
import { GetQueueAttributesCommand } from "@aws-sdk/client-sqs";
import { ConfigError, loadConfig } from "../../src/config.js";
import { jobs } from "../../src/jobs/index.js";
import { createProducer } from "../../src/producer/producer.js";
import { dailyDigest } from "../../src/tasks/daily-digest.js";
import { taskContext } from "../jobs/job-context.js";
import { receiveAll } from "../producer/queue-helpers.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";

describe("daily-digest task", () => {
  let local: LocalSqs;
  before(async () => {
    local = await startLocalSqs();
  });
  after(async () => {
    await local.stop();
  });

  const recipients = ["ann@example.com", "bob@example.com", "cy@example.com"];
  const task = { name: "daily-digest", scheduledAt: new Date("2026-11-27T06:00:00Z") };

  function contextFor(queueUrl: string) {
    const { enqueue } = createProducer({ sqs: local.client, queueUrl, jobs });
    return taskContext(dailyDigest, { task, clients: { enqueue }, settings: { recipients } });
  }

  it("enqueues one send-email job per recipient, dated by the scheduled day", async () => {
    const queueUrl = local.createQueue("digest");

    await dailyDigest.run(contextFor(queueUrl));

    const messages = await receiveAll(local.client, queueUrl);
    const bodies = messages.map((m) => JSON.parse(m.Body ?? "") as unknown);
    const expected = recipients.map((to) => ({
      type: "send-email",
      payload: {
        to,
        subject: "Daily digest for 2026-11-27",
        text: "Here is your digest for 2026-11-27 (UTC).\n",
      },
    }));
    expect(
      [...bodies].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    ).to.deep.equal(expected);
    expect(
      messages.map((m) => m.MessageAttributes?.["idempotency-key"]?.StringValue).sort(),
    ).to.deep.equal(recipients.map((to) => `daily-digest/2026-11-27/${to}`));
  });

  it("enqueues nothing twice on a FIFO queue when the task is retried", async () => {
    const queueUrl = local.createQueue("digest.fifo", { FifoQueue: "true" });

    await dailyDigest.run(contextFor(queueUrl));
    await dailyDigest.run(contextFor(queueUrl));

    // One group is locked while a message is in flight, so count the queue instead of receiving.
    const { Attributes } = await local.client.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ["ApproximateNumberOfMessages"],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).to.equal(String(recipients.length));
  });

  describe("settings", () => {
    it("reads DIGEST_RECIPIENTS into the task's own settings", () => {
      const config = loadConfig({ DIGEST_RECIPIENTS: "a@example.com, b@example.com" });
      expect(config.taskSettings["daily-digest"]).to.deep.equal({
        recipients: ["a@example.com", "b@example.com"],
      });
    });

    it("refuses a bad address in DIGEST_RECIPIENTS at start-up, listed with the core configuration's problems", () => {
      const load = () =>
        loadConfig({ PORT: "eighty", DIGEST_RECIPIENTS: "ann@example.com, bob@, cy@example.com" });
      expect(load)
        .to.throw(ConfigError)
        .with.property(
          "message",
          [
            "Invalid configuration:",
            '  - PORT: expected a whole number from 0 to 65535, got "eighty"',
            '  - DIGEST_RECIPIENTS: expected comma-separated email addresses, got "bob@"',
          ].join("\n"),
        );
    });
  });
});
