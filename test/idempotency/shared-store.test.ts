/**
 * The job route with the DynamoDB store on dynalite, as production runs it: two app instances
 * sharing one table behave as one for duplicates, a reused idempotency key is refused, and a
 * store that cannot answer never lets a job run unguarded.
 */
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import { z } from "zod";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { DynamoDbIdempotencyStore } from "../../src/idempotency/dynamodb-store.js";
import { createDynamoDbClient } from "../../src/idempotency/dynamodb-client.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { readParkingDetails } from "../../src/protocol/message-attributes.js";
import { heldJob, recorder } from "../fixtures/jobs.js";
import { failDynamoDbCalls } from "../support/dynamodb-faults.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

/** Counts its payload's effects, as a charge or an email would happen. */
function effectJob(effects: string[]) {
  return defineJob({
    name: "charge",
    payload: z.object({ order: z.string(), cents: z.number() }),
    handle(payload) {
      effects.push(payload.order);
      return Promise.resolve();
    },
  });
}

describe("the job route with the shared DynamoDB store", () => {
  let dynamo: EmbeddedDynamoDb;
  let sqs: LocalSqs;
  before(async () => {
    [dynamo, sqs] = await Promise.all([startEmbeddedDynamoDb(), startLocalSqs()]);
  });
  after(async () => {
    await Promise.all([dynamo.stop(), sqs.stop()]);
  });

  function sharedStore() {
    return new DynamoDbIdempotencyStore(dynamo.client, dynamo.table);
  }

  describe("with two instances sharing the table", () => {
    it("runs a job once when its duplicate reaches the other instance, and answers it 200", async () => {
      const effects: string[] = [];
      const one = testWorker({ jobs: [effectJob(effects)], idempotencyStore: sharedStore() });
      const two = testWorker({ jobs: [effectJob(effects)], idempotencyStore: sharedStore() });
      const attributes = { "idempotency-key": "order-1001" };
      const payload = { order: "1001", cents: 500 };
      const first = await postJob(one.app, "charge", payload, { messageId: "a", attributes });
      const duplicate = await postJob(two.app, "charge", payload, { messageId: "b", attributes });
      expect([first.body.reason, duplicate.body.reason]).to.deep.equal([
        "completed",
        "already-completed",
      ]);
      expect(duplicate.status).to.equal(200);
      expect(effects).to.deep.equal(["1001"]);
    });

    it("answers 409 to a duplicate while the first still runs on the other instance", async () => {
      const record = recorder();
      const one = testWorker({ jobs: [heldJob(record)], idempotencyStore: sharedStore() });
      const two = testWorker({ jobs: [heldJob(record)], idempotencyStore: sharedStore() });
      const attributes = { "idempotency-key": "held-1" };
      const first = postJob(one.app, "held", {}, { messageId: "h1", attributes }).then((r) => r);
      await record.started.promise;
      const duplicate = await postJob(two.app, "held", {}, { messageId: "h2", attributes });
      expect(duplicate.status).to.equal(409);
      expect(duplicate.body.reason).to.equal("duplicate-in-progress");
      record.release.open();
      expect((await first).status).to.equal(200);
      expect(record.calls).to.have.length(1);
    });
  });

  describe("when an idempotency key comes back with another payload", () => {
    it("parks it as a permanent failure naming the key, without running it", async () => {
      const effects: string[] = [];
      const dlqUrl = sqs.createQueue("idempotency-mismatch-dlq");
      const { app } = testWorker({
        jobs: [effectJob(effects)],
        idempotencyStore: sharedStore(),
        deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
      });
      const attributes = { "idempotency-key": "order-2002" };
      await postJob(app, "charge", { order: "2002", cents: 500 }, { messageId: "x", attributes });
      const reused = await postJob(
        app,
        "charge",
        { order: "2002", cents: 9900 },
        { messageId: "y", attributes },
      );
      expect(reused.body).to.deep.equal({
        outcome: "ok",
        reason: "parked",
        parkedFor: "idempotency-key-reused",
        message:
          'Parked in the dead-letter queue: Record "job#charge#key:order-2002" was claimed for another payload: the same idempotency key was sent with a different payload',
      });
      const { Messages } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MessageAttributeNames: ["All"],
          WaitTimeSeconds: 1,
        }),
      );
      expect(readParkingDetails(Messages?.[0]?.MessageAttributes).reason).to.equal(
        "idempotency-key-reused",
      );
      expect(effects).to.deep.equal(["2002"]);
    });

    it("treats the same payload with its keys in another order as the same payload", async () => {
      const effects: string[] = [];
      const { app } = testWorker({ jobs: [effectJob(effects)], idempotencyStore: sharedStore() });
      const attributes = { "idempotency-key": "order-3003" };
      await postJob(app, "charge", { order: "3003", cents: 1 }, { messageId: "p", attributes });
      const again = await postJob(
        app,
        "charge",
        { cents: 1, order: "3003" },
        { messageId: "q", attributes },
      );
      expect(again.body.reason).to.equal("already-completed");
    });
  });

  describe("when DynamoDB cannot answer", () => {
    it("answers 503 naming the failure and never runs the handler", async () => {
      const effects: string[] = [];
      const client = createDynamoDbClient({
        awsRegion: "us-east-1",
        dynamoDbEndpoint: dynamo.endpoint,
      });
      const faults = failDynamoDbCalls(client);
      try {
        const { app } = testWorker({
          jobs: [effectJob(effects)],
          idempotencyStore: new DynamoDbIdempotencyStore(client, dynamo.table),
        });
        const res = await postJob(
          app,
          "charge",
          { order: "4004", cents: 1 },
          { messageId: "unguarded" },
        );
        expect(res.status).to.equal(503);
        expect(res.body).to.deep.equal({
          outcome: "retry",
          reason: "idempotency-store-unavailable",
          message: `Idempotency store unavailable, the handler was not run: Could not claim "job#charge#message:unguarded" in DynamoDB table ${dynamo.table}: InternalServerError: Injected fault: PutItem failed`,
        });
        expect(effects).to.deep.equal([]);

        faults.stop();
        const retried = await postJob(
          app,
          "charge",
          { order: "4004", cents: 1 },
          { messageId: "unguarded", receiveCount: 2 },
        );
        expect(retried.body.reason).to.equal("completed");
        expect(effects).to.deep.equal(["4004"]);
      } finally {
        faults.stop();
        client.destroy();
      }
    });

    it("answers 200 when only the completion write fails, saying a later duplicate may run again", async () => {
      const effects: string[] = [];
      const client = createDynamoDbClient({
        awsRegion: "us-east-1",
        dynamoDbEndpoint: dynamo.endpoint,
      });
      const faults = failDynamoDbCalls(client, { actions: ["UpdateItem"] });
      try {
        const { app } = testWorker({
          jobs: [effectJob(effects)],
          idempotencyStore: new DynamoDbIdempotencyStore(client, dynamo.table),
        });
        const res = await postJob(app, "charge", { order: "5005", cents: 1 }, { messageId: "c" });
        expect(res.status).to.equal(200);
        expect(res.body.message).to.match(
          /^Completed, but the completion was not recorded \(Could not complete .*InternalServerError: Injected fault: UpdateItem failed\): a duplicate arriving after the lease may run again$/,
        );
        expect(effects).to.deep.equal(["5005"]);
      } finally {
        faults.stop();
        client.destroy();
      }
    });
  });
});
