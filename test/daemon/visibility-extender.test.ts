import { expect } from "chai";
import { ReceiveMessageCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { systemClock } from "../../src/daemon/clock.js";
import { createVisibilityExtender } from "../../src/daemon/visibility-extender.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";

describe("daemon: extending visibility before a POST", () => {
  let sqs: LocalSqs;
  before(async () => {
    sqs = await startLocalSqs();
  });
  after(async () => {
    await sqs.stop();
  });

  it("extends the messages of one receive with one ChangeMessageVisibilityBatch call, and says which entries failed", async () => {
    const queueUrl = sqs.createQueue("extend-in-batch");
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Array.from({ length: 9 }, (_, n) => ({ Id: String(n), MessageBody: `m${n}` })),
      }),
    );
    const { Messages = [] } = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages).to.have.length(9);
    // The daemon's own client, its calls counted by name.
    const client = createSqsClient(sqs.endpoint);
    const calls: string[] = [];
    client.middlewareStack.add(
      (next, context) => (args) => {
        calls.push(String(context.commandName));
        return next(args);
      },
      { step: "initialize" },
    );
    const extend = createVisibilityExtender({ sqs: client, queueUrl, clock: systemClock });
    const before = Date.now();
    const results = await Promise.all([
      ...Messages.map((message) => extend(message.ReceiptHandle ?? "", 60)),
      extend("not-a-receipt-handle", 60),
    ]);
    expect(calls).to.deep.equal(["ChangeMessageVisibilityBatchCommand"]);
    for (const startedMs of results.slice(0, 9)) {
      expect(startedMs).to.be.a("number").and.within(before, Date.now());
    }
    expect(results[9]).to.equal(undefined);
    client.destroy();
  });
});
