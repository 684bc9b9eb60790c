/**
 * Issue 9 defect 4: parking within SQS's limits. fauxqs accepts more than 10 message attributes,
 * so the app's SQS client gets AWS's documented limits (test/support/sqs-limits.ts) here.
 */
import { ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import request from "supertest";
import { z } from "zod";
import { summarize } from "../../src/cli/parked-message.js";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { PermanentJobError } from "../../src/errors.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { job, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

/** Fails permanently and counts its runs: a re-run is what the fix must prevent. */
function countedPermanentJob(runs: { count: number }) {
  return defineJob({
    name: "gives-up",
    payload: z.unknown(),
    handle() {
      runs.count += 1;
      return Promise.reject(new PermanentJobError("the customer no longer exists"));
    },
  });
}

function attributesNamed(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [`tag${index}`, `v${index}`]),
  );
}

describe("parking within SQS's limits (issue 9 defect 4)", () => {
  let sqs: LocalSqs;
  let appClient: ReturnType<typeof createSqsClient>;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    appClient = createSqsClient(sqs.endpoint);
  });
  afterEach(async () => {
    appClient.destroy();
    await sqs.stop();
  });

  async function receiveAll(queueUrl: string): Promise<Message[]> {
    const { Messages } = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
        WaitTimeSeconds: 0,
      }),
    );
    return Messages ?? [];
  }

  function worker(dlqUrl: string, runs: { count: number }) {
    return testWorker({
      jobs: [countedPermanentJob(runs)],
      deadLetterQueue: createSqsDeadLetterQueue(appClient, dlqUrl),
    }).app;
  }

  it("parks a message that carries 9 attributes of its own, with the parking details in one more, which dlq list reads", async () => {
    enforceSqsLimits(appClient);
    const dlqUrl = sqs.createQueue("nine-attributes-dlq");
    const runs = { count: 0 };
    const res = await request(worker(dlqUrl, runs))
      .post("/")
      .set(sqsdHeaders({ messageId: "orig-9", receiveCount: 2, attributes: attributesNamed(9) }))
      .send(job("gives-up", {}));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.reason).to.equal("parked");

    const [parked] = await receiveAll(dlqUrl);
    expect(Object.keys(parked?.MessageAttributes ?? {})).to.have.length(10);
    expect(summarize(parked!, Date.now())).to.include({
      id: "orig-9",
      jobType: "gives-up",
      reason: "permanent-failure",
      receiveCount: "2",
      detail: "the customer no longer exists",
    });
  });

  it("answers the failure's 4xx without running the handler again when a message with 10 attributes cannot be parked", async () => {
    enforceSqsLimits(appClient);
    const dlqUrl = sqs.createQueue("ten-attributes-dlq");
    const runs = { count: 0 };
    const app = worker(dlqUrl, runs);
    const attributes = attributesNamed(10);
    const first = await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "full", attributes }))
      .send(job("gives-up", {}));
    expect(first.status, JSON.stringify(first.body)).to.equal(422);
    expect(first.body.reason).to.equal("permanent-failure");
    expect(first.body.message).to.include("Expected at most 10 message attributes, got 11");
    expect(first.body.message).to.include("moves it to the dead-letter queue after MaxRetries");

    const again = await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "full", receiveCount: 2, attributes }))
      .send(job("gives-up", {}));
    expect(again.status).to.equal(422);
    expect(again.body.message).to.equal(first.body.message);
    expect(runs.count).to.equal(1);
    expect(await receiveAll(dlqUrl)).to.deep.equal([]);
  });

  it("checks the size of the copy against the dead-letter queue's own limit before sending it", async () => {
    enforceSqsLimits(appClient, { maxMessageBytes: 2048 });
    const dlqUrl = sqs.createQueue("small-dlq", { MaximumMessageSize: "2048" });
    const runs = { count: 0 };
    const app = worker(dlqUrl, runs);
    const body = job("gives-up", { padding: "x".repeat(1900) });
    const first = await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "big" }))
      .send(body);
    expect(first.status, JSON.stringify(first.body)).to.equal(422);
    expect(first.body.message).to.match(
      /Expected a parked copy of at most 2048 bytes \(.*\), got \d+/,
    );
    await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "big", receiveCount: 2 }))
      .send(body)
      .expect(422);
    expect(runs.count).to.equal(1);

    const fits = await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "small" }))
      .send(job("gives-up", { padding: "x".repeat(1000) }));
    expect(fits.body.reason).to.equal("parked");
  });
});
