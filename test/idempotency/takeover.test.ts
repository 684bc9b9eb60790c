/**
 * An instance dies holding claims (kill -9: no answer, no release). Its jobs are taken over by
 * the other instance once their leases end: none is lost. A job whose effect happened before the
 * death but whose completion was not recorded runs its effect again — the one duplicate the
 * design allows — unless the effect was a ctx.once step, recorded the moment it happened.
 *
 * The dead instance is an app whose handlers never return after their effect; the survivor's
 * store has its own clock, moved past the lease instead of sleeping through it.
 */
import { expect } from "chai";
import { z } from "zod";
import { DynamoDbIdempotencyStore } from "../../src/idempotency/dynamodb-store.js";
import { LEASE_MARGIN_MS } from "../../src/idempotency/idempotency-store.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { gate } from "../fixtures/jobs.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const TIMEOUT_SECONDS = 5;

describe("an instance killed while holding claims", () => {
  let dynamo: EmbeddedDynamoDb;
  before(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  after(async () => {
    await dynamo.stop();
  });

  it("has its jobs completed by the other instance after the lease; only an unrecorded effect repeats", async () => {
    const effects: string[] = [];
    const bothStarted = gate();
    let started = 0;
    const dies = defineJob({
      name: "mail",
      payload: z.object({ step: z.boolean() }),
      timeoutSeconds: TIMEOUT_SECONDS,
      async handle({ step }, ctx) {
        if (step) await ctx.once("send", () => void effects.push("stepped"));
        else effects.push("plain");
        started += 1;
        if (started === 2) bothStarted.open();
        await new Promise(() => {}); // the process is killed here: never returns, never answers
      },
    });
    const survives = defineJob({
      name: "mail",
      payload: z.object({ step: z.boolean() }),
      timeoutSeconds: TIMEOUT_SECONDS,
      async handle({ step }, ctx) {
        if (step) await ctx.once("send", () => void effects.push("stepped"));
        else effects.push("plain");
      },
    });
    let survivorNow = Date.now();
    const killed = testWorker({
      jobs: [dies],
      idempotencyStore: new DynamoDbIdempotencyStore(dynamo.client, dynamo.table),
      // Its handlers must outlive the test, as a killed process's work never finishes.
      env: { WORKER_SHUTDOWN_DEADLINE_SECONDS: "0" },
    });
    const survivor = testWorker({
      jobs: [survives],
      idempotencyStore: new DynamoDbIdempotencyStore(
        dynamo.client,
        dynamo.table,
        () => survivorNow,
      ),
    });
    const jobs = [
      { id: "plain-1", payload: { step: false } },
      { id: "stepped-1", payload: { step: true } },
    ];
    // Sent, never answered: the daemon sees a dropped connection and redelivers later.
    for (const job of jobs) {
      // supertest sends on then(); the answer (its timeout's 500, long after) is not awaited.
      void postJob(killed.app, "mail", job.payload, { messageId: job.id }).then(() => undefined);
    }
    await bothStarted.promise;

    const during = await Promise.all(
      jobs.map((job) =>
        postJob(survivor.app, "mail", job.payload, { messageId: job.id, receiveCount: 2 }),
      ),
    );
    expect(during.map((res) => res.body.reason as string)).to.deep.equal([
      "duplicate-in-progress",
      "duplicate-in-progress",
    ]);

    survivorNow += TIMEOUT_SECONDS * 1000 + LEASE_MARGIN_MS + 1000;
    const after = await Promise.all(
      jobs.map((job) =>
        postJob(survivor.app, "mail", job.payload, { messageId: job.id, receiveCount: 3 }),
      ),
    );
    expect(after.map((res) => res.body.reason as string)).to.deep.equal(["completed", "completed"]);
    expect(effects.sort()).to.deep.equal(["plain", "plain", "stepped"]);
  });
});
