/**
 * Issue 10's defect: the completion key was the producer's idempotency key alone, so two job
 * types sent with the same key ran once in total: the second was answered "already completed"
 * without its handler ever running.
 */
import { expect } from "chai";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

function countingJob(name: string, runs: string[]) {
  return defineJob({
    name,
    payload: z.object({ order: z.string() }),
    handle(payload) {
      runs.push(`${name}:${payload.order}`);
      return Promise.resolve();
    },
  });
}

describe("idempotency keys are namespaced by job type", () => {
  it("runs two job types sent with the same idempotency key once each", async () => {
    const runs: string[] = [];
    const { app } = testWorker({
      jobs: [countingJob("charge-card", runs), countingJob("send-receipt", runs)],
    });
    const attributes = { "idempotency-key": "order-42" };
    const charged = await postJob(
      app,
      "charge-card",
      { order: "42" },
      { messageId: "m-charge", attributes },
    );
    const receipted = await postJob(
      app,
      "send-receipt",
      { order: "42" },
      { messageId: "m-receipt", attributes },
    );
    expect([charged.body.reason, receipted.body.reason]).to.deep.equal(["completed", "completed"]);
    expect(runs).to.deep.equal(["charge-card:42", "send-receipt:42"]);
  });
});
