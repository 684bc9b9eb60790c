import { ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import request from "supertest";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { readParkingDetails } from "../../src/protocol/message-attributes.js";
import { echoJob, permanentJob, recorder } from "../fixtures/jobs.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { job, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

describe("parking permanent failures in the dead-letter queue", () => {
  let sqs: LocalSqs;
  before(async () => {
    sqs = await startLocalSqs();
  });
  after(async () => {
    await sqs.stop();
  });

  async function receiveOne(queueUrl: string): Promise<Message> {
    const { Messages } = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages).to.have.length(1);
    return Messages![0]!;
  }

  function parking(message: Message) {
    return readParkingDetails(message.MessageAttributes);
  }

  function attribute(message: Message, name: string): string | undefined {
    return message.MessageAttributes?.[name]?.StringValue;
  }

  it("sends the original body with the reason, then answers 200 so sqsd deletes the original", async () => {
    const dlqUrl = sqs.createQueue("parking-invalid-payload-dlq");
    const { app } = testWorker({
      jobs: [echoJob(recorder())],
      deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
    });
    const body = job("echo", { n: "not a number" });
    const res = await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "orig-1", receiveCount: 2 }))
      .send(body)
      .expect(200);
    expect(res.body).to.deep.equal({
      outcome: "ok",
      reason: "parked",
      parkedFor: "invalid-payload",
      message:
        'Parked in the dead-letter queue: Invalid payload for "echo": n: Invalid input: expected number, received string',
    });

    const parked = await receiveOne(dlqUrl);
    expect(parked.Body).to.equal(body);
    expect(parking(parked).reason).to.equal("invalid-payload");
    expect(parking(parked).jobType).to.equal("echo");
    expect(parking(parked).originalMessageId).to.equal("orig-1");
    expect(parking(parked).receiveCount).to.equal("2");
    expect(parking(parked).detail).to.include("expected number");
  });

  it("parks a handler's PermanentJobError with its message as the detail", async () => {
    const dlqUrl = sqs.createQueue("parking-permanent-dlq");
    const { app } = testWorker({
      jobs: [permanentJob],
      deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
    });
    await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "orig-2" }))
      .send(job("gives-up", {}))
      .expect(200);

    const parked = await receiveOne(dlqUrl);
    expect(parking(parked).reason).to.equal("permanent-failure");
    expect(parking(parked).detail).to.equal("the customer no longer exists");
  });

  it("keeps the message's own attributes on the parked copy, so a redrive brings them back", async () => {
    const dlqUrl = sqs.createQueue("parking-attributes-dlq");
    const { app } = testWorker({
      jobs: [permanentJob],
      deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
    });
    const attributes = { "idempotency-key": "welcome/42", tenant: "acme" };
    await request(app)
      .post("/")
      .set(sqsdHeaders({ attributes }))
      .send(job("gives-up", {}))
      .expect(200);

    const parked = await receiveOne(dlqUrl);
    expect(attribute(parked, "idempotency-key")).to.equal("welcome/42");
    expect(attribute(parked, "tenant")).to.equal("acme");
  });

  it("parks a body that is not JSON exactly as it came", async () => {
    const dlqUrl = sqs.createQueue("parking-invalid-json-dlq");
    const { app } = testWorker({ deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl) });
    await request(app).post("/").set(sqsdHeaders()).send("<xml>not json</xml>").expect(200);
    const parked = await receiveOne(dlqUrl);
    expect(parked.Body).to.equal("<xml>not json</xml>");
    expect(parking(parked).reason).to.equal("invalid-json");
    expect(parking(parked).jobType).to.equal(undefined);
  });

  it("answers 500 when SQS refuses the parked copy, so the message is retried and never lost", async () => {
    const missingQueue = `${sqs.endpoint}/000000000000/no-such-queue`;
    const { app } = testWorker({
      jobs: [permanentJob],
      deadLetterQueue: createSqsDeadLetterQueue(sqs.client, missingQueue),
    });
    const res = await request(app)
      .post("/")
      .set(sqsdHeaders())
      .send(job("gives-up", {}))
      .expect(500);
    expect(res.body.reason).to.equal("dead-letter-send-failed");
    expect(res.body.message).to.match(
      /^Could not park the message in the dead-letter queue \(the customer no longer exists\): /,
    );
  });
});
