/**
 * ctx.once: a handler that charges a card, then fails sending the receipt. Its retries, on this
 * instance or another sharing the DynamoDB table, must not charge again.
 */
import { expect } from "chai";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { DynamoDbIdempotencyStore } from "../../src/idempotency/dynamodb-store.js";
import { MAX_STEP_RESULT_BYTES } from "../../src/idempotency/once.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

interface World {
  charges: string[];
  receipts: string[];
  /** Receipt attempts to fail before one succeeds. */
  receiptFailures: number;
}

function checkoutJob(world: World) {
  return defineJob({
    name: "checkout",
    payload: z.object({ order: z.string() }),
    async handle(payload, ctx) {
      const charge = await ctx.once("charge-card", () => {
        world.charges.push(payload.order);
        return { chargeId: `ch_${payload.order}_${world.charges.length}` };
      });
      if (world.receiptFailures > 0) {
        world.receiptFailures -= 1;
        throw new Error("the mail server said no");
      }
      world.receipts.push(charge.chargeId);
    },
  });
}

describe("ctx.once (idempotent steps inside a handler)", () => {
  let dynamo: EmbeddedDynamoDb;
  before(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  after(async () => {
    await dynamo.stop();
  });

  function instance(world: World) {
    return testWorker({
      jobs: [checkoutJob(world)],
      idempotencyStore: new DynamoDbIdempotencyStore(dynamo.client, dynamo.table),
    }).app;
  }

  it("runs the step once across retries on two instances, and hands later runs its recorded result", async () => {
    const world: World = { charges: [], receipts: [], receiptFailures: 2 };
    const [one, two] = [instance(world), instance(world)];
    const delivery = (receiveCount: number) => ({ messageId: "order-7", receiveCount });
    const answers = [
      await postJob(one, "checkout", { order: "7" }, delivery(1)),
      await postJob(two, "checkout", { order: "7" }, delivery(2)),
      await postJob(one, "checkout", { order: "7" }, delivery(3)),
    ].map((res) => res.body.reason as string);
    expect(answers).to.deep.equal(["handler-failed", "handler-failed", "completed"]);
    expect(world.charges).to.deep.equal(["7"]);
    expect(world.receipts).to.deep.equal(["ch_7_1"]);
  });

  it("keeps the steps of different jobs apart", async () => {
    const world: World = { charges: [], receipts: [], receiptFailures: 0 };
    const app = instance(world);
    await postJob(app, "checkout", { order: "8" }, { messageId: "order-8" }).expect(200);
    await postJob(app, "checkout", { order: "9" }, { messageId: "order-9" }).expect(200);
    expect(world.charges).to.deep.equal(["8", "9"]);
  });

  it("fails permanently, naming the step and the limit, when a result is too large to record", async () => {
    const bulky = defineJob({
      name: "bulky",
      payload: z.object({}),
      async handle(_payload, ctx) {
        await ctx.once("fetch-report", () => "x".repeat(MAX_STEP_RESULT_BYTES));
      },
    });
    const { app } = testWorker({ jobs: [bulky] });
    const res = await postJob(app, "bulky", {});
    expect(res.status).to.equal(422);
    expect(res.body.reason).to.equal("permanent-failure");
    expect(res.body.message).to.equal(
      `Expected step "fetch-report" to return at most ${MAX_STEP_RESULT_BYTES} bytes of JSON, got ${MAX_STEP_RESULT_BYTES + 12}; its effect happened but was not recorded`,
    );
  });

  it("records a step that returns nothing", async () => {
    let sent = 0;
    let attempts = 0;
    const notify = defineJob({
      name: "notify",
      payload: z.object({}),
      async handle(_payload, ctx) {
        await ctx.once("send", async () => {
          sent += 1;
          await Promise.resolve();
        });
        attempts += 1;
        if (attempts === 1) throw new Error("a later step failed");
      },
    });
    const { app } = testWorker({ jobs: [notify] });
    await postJob(app, "notify", {}, { messageId: "n-1" }).expect(500);
    await postJob(app, "notify", {}, { messageId: "n-1", receiveCount: 2 }).expect(200);
    expect(sent).to.equal(1);
  });
});
