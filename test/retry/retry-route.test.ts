/**
 * The job route's answers for a job type with a retry policy, one delivery at a time (supertest
 * plays sqsd), with the delayed copies really sent to fauxqs and read back from it.
 */
import { expect } from "chai";
import request from "supertest";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { createRetryScheduler } from "../../src/retry/retry-scheduler.js";
import { PermanentJobError } from "../../src/errors.js";
import { signMessage } from "../../src/protocol/signature.js";
import { job, postJob, sqsdHeaders } from "../support/sqsd-request.js";
import { testConfig } from "../support/worker.js";
import { deliveryOf, startRetryRig, type RetryRig } from "./support.js";

const SIGNING_KEYS = `k1:${Buffer.alloc(32, 7).toString("base64")}`;

/** Fails with whatever the test says, or succeeds when told nothing. */
function scriptedJob(script: { runs: number; fail?: () => never }) {
  return defineJob({
    name: "scripted",
    payload: z.object({ n: z.number() }),
    retry: { attempts: 5, initialDelaySeconds: 10, factor: 2, jitter: 0 },
    handle(_payload, context) {
      script.runs += 1;
      if (script.fail) script.fail.call(context);
      return Promise.resolve();
    },
  });
}

const noPolicyJob = defineJob({
  name: "plain",
  payload: z.unknown(),
  handle: () => Promise.reject(new Error("boom")),
});

describe("the job route, for a job type with a retry policy", () => {
  let rig: RetryRig | undefined;
  const script: { runs: number; fail?: () => never } = { runs: 0 };
  const failWith = (error: Error) => {
    script.fail = () => {
      throw error;
    };
  };

  beforeEach(() => {
    script.runs = 0;
    delete script.fail;
  });

  afterEach(async () => {
    await rig?.stop();
    rig = undefined;
  });

  it("answers 200 retry-scheduled once SQS accepted a copy delayed by the backoff", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)], compressDelays: false });
    failWith(new Error("the API is down"));
    const response = await postJob(rig.worker.app, "scripted", { n: 1 }, { messageId: "m-1" });
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.include({
      outcome: "ok",
      reason: "retry-scheduled",
      message:
        "Attempt 1 of 5 failed (Error: the API is down); attempt 2 in 10 s, through a delayed copy",
    });
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([10]);
  });

  it("answers the same again, sending no second copy, when sqsd redelivers that message", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)] });
    failWith(new Error("the API is down"));
    await postJob(rig.worker.app, "scripted", { n: 1 }, { messageId: "m-1" }).expect(200);
    const again = await postJob(
      rig.worker.app,
      "scripted",
      { n: 1 },
      { messageId: "m-1", receiveCount: 2 },
    );
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ reason: "retry-scheduled" });
    expect(script.runs).to.equal(1);
    expect(rig.copies.length).to.equal(1);
  });

  it("waits as long as the handler's retryAfter asks instead of the backoff, shorter or longer", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)] });
    script.fail = function (this: { retryAfter(seconds: number, reason?: string): never }) {
      return this.retryAfter(120, "429 from the API");
    };
    const response = await postJob(rig.worker.app, "scripted", { n: 1 });
    expect(response.body).to.include({ reason: "retry-scheduled" });
    script.fail = function (this: { retryAfter(seconds: number): never }) {
      return this.retryAfter(4.2);
    };
    await postJob(rig.worker.app, "scripted", { n: 2 }).expect(200);
    // The backoff alone would have waited 10 s each time.
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([120, 5]);
  });

  it("waits out a delay longer than SQS's 900 s through several copies, without running the handler between them", async () => {
    let now = Date.parse("2026-11-27T12:00:00Z");
    rig = await startRetryRig({
      jobs: [scriptedJob(script)],
      retries: (sqs, queueUrl) => createRetryScheduler({ sqs, queueUrl, now: () => now }),
    });
    script.fail = function (this: { retryAfter(seconds: number): never }) {
      return this.retryAfter(2000);
    };
    await postJob(rig.worker.app, "scripted", { n: 1 }).expect(200);
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([900]);

    delete script.fail;
    now += 900_000;
    const [first] = await rig.receive(rig.queueUrl);
    const early = await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders(deliveryOf(first!)))
      .send(first!.Body);
    expect(early.body).to.deep.include({
      reason: "retry-scheduled",
      message:
        "Attempt 2 waits 1100 s more (a wait longer than SQS's 900 s delay, through another delayed copy)",
    });
    expect(script.runs).to.equal(1);
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([900, 900]);

    now += 900_000;
    const [second] = await rig.receive(rig.queueUrl);
    await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders(deliveryOf(second!)))
      .send(second!.Body)
      .expect(200);
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([900, 900, 200]);

    now += 200_000;
    const [third] = await rig.receive(rig.queueUrl);
    const ran = await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders(deliveryOf(third!)))
      .send(third!.Body);
    expect(ran.body).to.include({ reason: "completed" });
    expect(script.runs).to.equal(2);
  });

  it("remembers a job completed by a copy under the original message id, so the original's redelivery does not run it again", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)] });
    failWith(new Error("once"));
    await postJob(rig.worker.app, "scripted", { n: 1 }, { messageId: "original" }).expect(200);
    delete script.fail;
    const [copy] = await rig.receive(rig.queueUrl);
    await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders(deliveryOf(copy!)))
      .send(copy!.Body)
      .expect(200);
    expect(script.runs).to.equal(2);
    // Our first 200 was lost and SQS's visibility ran out: the original comes back.
    const again = await postJob(
      rig.worker.app,
      "scripted",
      { n: 1 },
      { messageId: "original", receiveCount: 2 },
    );
    // Its own verdict comes back first (kept per message id, before the idempotency record is
    // read): 200 again, no second copy, not run.
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ reason: "retry-scheduled" });
    expect(await rig.receive(rig.queueUrl)).to.deep.equal([]);
    const repeat = await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders(deliveryOf(copy!, 2)))
      .send(copy!.Body);
    expect(repeat.body).to.include({ reason: "already-completed" });
    expect(script.runs).to.equal(2);
  });

  it("signs the copy again in a signed deployment, so the app accepts it", async () => {
    rig = await startRetryRig({
      jobs: [scriptedJob(script)],
      env: { WORKER_SIGNING_KEYS: SIGNING_KEYS },
    });
    failWith(new Error("once"));
    // The app refuses unsigned jobs here: the original is signed as a producer signs it.
    const body = job("scripted", { n: 1 });
    const signedAt = Math.floor(Date.now() / 1000);
    const keys = testConfig({ WORKER_SIGNING_KEYS: SIGNING_KEYS }).signingKeys!;
    const signature = signMessage(keys.signingKey, signedAt, {}, body);
    await request(rig.worker.app)
      .post("/")
      .set(sqsdHeaders({ sentAt: new Date(), attributes: { "worker-signature": signature } }))
      .send(body)
      .expect(200);
    const [copy] = await rig.receive(rig.queueUrl);
    const delivery = deliveryOf(copy!);
    expect(delivery.attributes?.["worker-signature"]).to.not.equal(signature);
    delete script.fail;
    const ran = await request(rig.worker.app).post("/").set(sqsdHeaders(delivery)).send(copy!.Body);
    expect(ran.body).to.include({ reason: "completed" });
  });

  it("falls back to sqsd's ordinary retry, saying why, when no WORKER_QUEUE_URL is set", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)], noQueueUrl: true });
    failWith(new Error("the API is down"));
    const response = await postJob(rig.worker.app, "scripted", { n: 1 });
    expect(response.status).to.equal(500);
    expect(response.body).to.deep.include({
      reason: "handler-failed",
      message:
        "Error: the API is down. Retry policy not applied: WORKER_QUEUE_URL is not set, so no delayed copy can be sent; sqsd retries after ErrorVisibilityTimeout",
    });
  });

  it("falls back to sqsd's ordinary retry when the copy would carry more than SQS's 10 attributes", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)] });
    failWith(new Error("the API is down"));
    const attributes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`a${i}`, "x"]));
    const response = await postJob(rig.worker.app, "scripted", { n: 1 }, { attributes });
    expect(response.status).to.equal(500);
    expect(response.body.message).to.equal(
      "Error: the API is down. Retry policy not applied: Expected at most 10 message attributes on the delayed copy, got 11 (the message's own and worker.retry); sqsd retries after ErrorVisibilityTimeout",
    );
    expect(rig.copies).to.deep.equal([]);
  });

  it("answers 500 retry-send-failed when SQS refuses the copy, so sqsd retries and nothing is lost", async () => {
    rig = await startRetryRig({
      jobs: [scriptedJob(script)],
      retries: (sqs, queueUrl) => createRetryScheduler({ sqs, queueUrl: `${queueUrl}-gone` }),
    });
    failWith(new Error("the API is down"));
    const response = await postJob(rig.worker.app, "scripted", { n: 1 });
    expect(response.status).to.equal(500);
    expect(response.body.reason).to.equal("retry-send-failed");
    expect(response.body.message).to.match(
      /^Could not send the delayed copy for attempt 2 \(.+\); sqsd retries after ErrorVisibilityTimeout$/,
    );
  });

  it("parks a permanent error at once, with the attempt history", async () => {
    rig = await startRetryRig({ jobs: [scriptedJob(script)] });
    failWith(new PermanentJobError("the contact was deleted"));
    const response = await postJob(rig.worker.app, "scripted", { n: 1 });
    expect(response.body).to.deep.include({ reason: "parked", parkedFor: "permanent-failure" });
    const [parked] = await rig.receive(rig.deadLetterQueueUrl);
    expect(parked?.MessageAttributes?.["worker.retry"]?.StringValue).to.contain(
      "PermanentJobError: the contact was deleted",
    );
    expect(rig.copies).to.deep.equal([]);
  });

  it("keeps today's behaviour for a job type without a policy: 500, no copy", async () => {
    rig = await startRetryRig({ jobs: [noPolicyJob] });
    const response = await postJob(rig.worker.app, "plain", {});
    expect(response.status).to.equal(500);
    expect(response.body).to.deep.include({ reason: "handler-failed", message: "Error: boom" });
    expect(rig.copies).to.deep.equal([]);
  });
});
