import { expect } from "chai";
import request from "supertest";
import {
  echoJob,
  failingJob,
  heldJob,
  permanentJob,
  recorder,
  stubbornJob,
  gate,
} from "../fixtures/jobs.js";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import type { IdempotencyStore } from "../../src/idempotency/idempotency-store.js";
import { job, postJob, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

/** After any bad input the process must keep serving: a good job still completes. */
async function expectStillServing(app: Parameters<typeof postJob>[0]) {
  await postJob(app, "echo", { n: 1 }).expect(200);
}

describe("POST / (the job route)", () => {
  describe("with a valid job", () => {
    it("answers 200 and hands the handler its typed payload and the sqsd context", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      const res = await postJob(
        app,
        "echo",
        { n: 7 },
        { messageId: "m-1", receiveCount: 2, attributes: { origin: "web" } },
      );
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ outcome: "ok", reason: "completed", message: "Completed" });
      expect(record.calls).to.have.length(1);
      const [call] = record.calls;
      expect(call?.payload).to.deep.equal({ n: 7 });
      expect(call?.context.delivery.messageId).to.equal("m-1");
      expect(call?.context.delivery.receiveCount).to.equal(2);
      expect(call?.context.delivery.attributes).to.deep.equal({ origin: "web" });
      expect(call?.context.isFinalAttempt).to.equal(false);
      expect(call?.context.signal.aborted).to.equal(false);
    });

    it("tells the handler when this is the final attempt before the dead-letter queue", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)], env: { WORKER_MAX_RETRIES: "3" } });
      await postJob(app, "echo", { n: 1 }, { receiveCount: 3 }).expect(200);
      expect(record.calls[0]?.context.isFinalAttempt).to.equal(true);
    });

    it("serves the job route on the configured path, like sqsd's HttpPath", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)], env: { WORKER_HTTP_PATH: "/work" } });
      await request(app)
        .post("/work")
        .set(sqsdHeaders())
        .send(job("echo", { n: 1 }))
        .expect(200);
      await request(app)
        .post("/")
        .set(sqsdHeaders())
        .send(job("echo", { n: 1 }))
        .expect(404);
      expect(record.calls).to.have.length(1);
    });

    it("reads the body whatever the Content-Type, as sqsd's MimeType is configurable", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      await request(app)
        .post("/")
        .set(sqsdHeaders({ contentType: "text/plain" }))
        .send(job("echo", { n: 3 }))
        .expect(200);
      expect(record.calls[0]?.payload).to.deep.equal({ n: 3 });
    });
  });

  describe("when the same message id arrives again", () => {
    it("answers 200 without running the handler a second time", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      await postJob(app, "echo", { n: 1 }, { messageId: "dup" }).expect(200);
      const res = await postJob(
        app,
        "echo",
        { n: 1 },
        { messageId: "dup", receiveCount: 2 },
      ).expect(200);
      expect(res.body.reason).to.equal("already-completed");
      expect(record.calls).to.have.length(1);
    });

    it("runs two messages with the same idempotency-key attribute once", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      const attributes = { "idempotency-key": "daily-digest/2026-11-27/ada@example.com" };
      await postJob(app, "echo", { n: 1 }, { messageId: "first", attributes }).expect(200);
      const res = await postJob(app, "echo", { n: 1 }, { messageId: "second", attributes }).expect(
        200,
      );
      expect(res.body.reason).to.equal("already-completed");
      expect(record.calls).to.have.length(1);
    });

    it("answers 409 while the first delivery is still running, without running it twice", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [heldJob(record)] });
      const first = postJob(app, "held", {}, { messageId: "busy" }).then((res) => res);
      await record.started.promise;
      const second = await postJob(app, "held", {}, { messageId: "busy", receiveCount: 2 });
      expect(second.status).to.equal(409);
      expect(second.body.reason).to.equal("already-running");
      record.release.open();
      expect((await first).status).to.equal(200);
      expect(record.calls).to.have.length(1);
    });
  });

  describe("with a shared idempotency store that answers slowly", () => {
    it("refuses a redelivery while the first runs, so it cannot slip in once the first completes", async () => {
      const record = recorder();
      const storeAnswers = gate();
      const secondClaim = gate();
      let claims = 0;
      const memory = new MemoryIdempotencyStore(100);
      const slowStore: IdempotencyStore = {
        description: "slow",
        async claim(request) {
          claims += 1;
          // Decided now, answered later: like a network store whose reply was already on its way.
          const answer = await memory.claim(request);
          if (claims > 1) {
            secondClaim.open();
            await storeAnswers.promise;
          }
          return answer;
        },
        complete: (key, owner) => memory.complete(key, owner),
        release: (key, owner) => memory.release(key, owner),
        readStep: (key) => memory.readStep(key),
        writeStep: (key, result) => memory.writeStep(key, result),
      };
      const { app } = testWorker({ jobs: [heldJob(record)], idempotencyStore: slowStore });
      const attributes = { "idempotency-key": "race" };
      const first = postJob(app, "held", {}, { messageId: "race-1", attributes }).then(
        (res) => res,
      );
      await record.started.promise;
      const second = postJob(app, "held", {}, { messageId: "race-2", attributes }).then(
        (res) => res,
      );
      await secondClaim.promise;

      record.release.open();
      expect((await first).status).to.equal(200);
      storeAnswers.open();
      expect((await second).body.reason).to.equal("duplicate-in-progress");
      expect(record.calls).to.have.length(1);
    });
  });

  describe("when the handler throws", () => {
    it("answers 500 so sqsd retries, with the reason and no stack trace", async () => {
      const { app } = testWorker({ jobs: [failingJob] });
      const res = await postJob(app, "always-fails", {}).expect(500);
      expect(res.body).to.deep.equal({
        outcome: "retry",
        reason: "handler-failed",
        message: "Error: the mail server said no",
      });
      expect(JSON.stringify(res.body)).not.to.include("    at ");
    });
  });

  describe("when the handler exceeds its timeout", () => {
    it("aborts the handler's signal and answers 500", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [heldJob(record, 0.05)] });
      const res = await postJob(app, "held", {}).expect(500);
      expect(res.body.reason).to.equal("timed-out");
      expect(res.body.message).to.equal("Job exceeded its timeout of 50 ms");
      const signal = record.calls[0]?.context.signal;
      expect(signal?.aborted).to.equal(true);
      expect((signal?.reason as Error).name).to.equal("JobTimeoutError");
    });
  });

  describe("when a handler ignores its signal past its timeout", () => {
    it("answers 500 at the timeout but keeps its slot and message id until the handler returns", async () => {
      const record = recorder();
      const worker = testWorker({
        jobs: [stubbornJob(record, 0.02), echoJob(recorder())],
        env: { WORKER_MAX_CONCURRENT_JOBS: "1" },
      });
      const timedOut = await postJob(worker.app, "stubborn", {}, { messageId: "slow" });
      expect(timedOut.body.reason).to.equal("timed-out");

      const sameMessage = await postJob(
        worker.app,
        "stubborn",
        {},
        { messageId: "slow", receiveCount: 2 },
      );
      expect(sameMessage.body.reason).to.equal("already-running");
      const other = await postJob(worker.app, "echo", { n: 1 });
      expect(other.body.reason).to.equal("over-capacity");
      expect(record.calls).to.have.length(1);

      record.release.open();
      await record.release.promise;
      await new Promise(setImmediate); // the slot is given back one turn after the handler returns
      expect(worker.tracker.inFlight).to.equal(0);
      await postJob(worker.app, "echo", { n: 2 }).expect(200);
    });
  });

  describe("when a handler that ignored its timeout succeeds after the 500 (issue 9 defect 3)", () => {
    it("records the completion, so the redelivery answers 200 without running the handler again", async () => {
      const record = recorder();
      const worker = testWorker({ jobs: [stubbornJob(record, 0.02)] });
      const first = await postJob(worker.app, "stubborn", {}, { messageId: "late" });
      expect(first.body.reason).to.equal("timed-out");

      record.release.open();
      await record.release.promise;
      await new Promise(setImmediate); // the completion is recorded one turn after the handler returns
      const again = await postJob(
        worker.app,
        "stubborn",
        {},
        { messageId: "late", receiveCount: 2 },
      );
      expect(again.status).to.equal(200);
      expect(again.body.reason).to.equal("already-completed");
      expect(record.calls).to.have.length(1);
    });
  });

  describe("with a permanent failure and no dead-letter queue configured", () => {
    const cases: [string, () => ReturnType<typeof postJob>, number, string, string][] = [];
    const { app } = testWorker({ jobs: [echoJob(recorder()), permanentJob] });
    const send = (body: string) => () => request(app).post("/").set(sqsdHeaders()).send(body);
    cases.push(
      [
        "a body that is not JSON",
        send("{not json"),
        400,
        "invalid-json",
        "Expected the body to be JSON: ",
      ],
      [
        "a JSON body that is not an envelope",
        send("[1,2]"),
        400,
        "invalid-envelope",
        'Expected a JSON object {"type": string, "payload": …}, got an array',
      ],
      [
        "an unknown job type",
        send(job("resize-image", {})),
        422,
        "unknown-job-type",
        'Unknown job type "resize-image"; expected one of: echo, gives-up',
      ],
      [
        "a payload with wrong types",
        send(job("echo", { n: "seven" })),
        422,
        "invalid-payload",
        'Invalid payload for "echo": n: Invalid input: expected number, received string',
      ],
      [
        "a handler throwing PermanentJobError",
        send(job("gives-up", {})),
        422,
        "permanent-failure",
        "the customer no longer exists",
      ],
      [
        "a 0-byte body",
        send(""),
        400,
        "empty-body",
        'Expected a JSON envelope {"type": …, "payload": …}, got an empty body',
      ],
    );
    for (const [condition, post, status, reason, message] of cases) {
      it(`answers ${status} ${reason} for ${condition}, and keeps serving`, async () => {
        const res = await post();
        expect(res.status).to.equal(status);
        expect(res.body.outcome).to.equal("rejected");
        expect(res.body.reason).to.equal(reason);
        expect(res.body.message).to.include(message);
        await expectStillServing(app);
      });
    }
  });

  describe("with a body over the limit", () => {
    it("answers 413 naming the limit, and keeps serving", async () => {
      const { app } = testWorker({
        jobs: [echoJob(recorder())],
        env: { WORKER_BODY_LIMIT_BYTES: "64" },
      });
      const res = await request(app)
        .post("/")
        .set(sqsdHeaders())
        .send(job("echo", { n: 1, pad: "x".repeat(100) }));
      expect(res.status).to.equal(413);
      expect(res.body.reason).to.equal("body-too-large");
      expect(res.body.message).to.match(/^Expected a body of at most 64 bytes, got \d+$/);
      await expectStillServing(app);
    });
  });

  describe("with missing or malformed sqsd headers", () => {
    it("answers 400 listing every problem, and keeps serving", async () => {
      const { app } = testWorker({ jobs: [echoJob(recorder())] });
      const res = await request(app)
        .post("/")
        .set({ "User-Agent": "aws-sqsd/3.0.4", "X-Aws-Sqsd-Receive-Count": "many" })
        .send(job("echo", { n: 1 }));
      expect(res.status).to.equal(400);
      expect(res.body).to.deep.equal({
        outcome: "rejected",
        reason: "invalid-sqsd-headers",
        message:
          'Invalid sqsd headers: X-Aws-Sqsd-Msgid is required; X-Aws-Sqsd-Receive-Count must be a whole number of at least 1, got "many"; X-Aws-Sqsd-First-Received-At is required; X-Aws-Sqsd-Queue is required',
      });
      await expectStillServing(app);
    });
  });

  describe("with an SNS notification envelope (a topic subscription without raw delivery)", () => {
    it("unwraps the Message and runs the job inside it", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      const notification = {
        Type: "Notification",
        MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
        TopicArn: "arn:aws:sns:us-east-1:123456789012:jobs",
        Message: job("echo", { n: 42 }),
        Timestamp: "2024-01-02T03:04:05.000Z",
        SignatureVersion: "1",
      };
      await request(app)
        .post("/")
        .set(sqsdHeaders())
        .send(JSON.stringify(notification))
        .expect(200);
      expect(record.calls[0]?.payload).to.deep.equal({ n: 42 });
    });

    it("rejects a notification whose Message is not JSON", async () => {
      const { app } = testWorker({ jobs: [echoJob(recorder())] });
      const notification = {
        Type: "Notification",
        TopicArn: "arn:aws:sns:us-east-1:1:jobs",
        Message: "hello",
      };
      const res = await request(app)
        .post("/")
        .set(sqsdHeaders())
        .send(JSON.stringify(notification))
        .expect(400);
      expect(res.body.reason).to.equal("invalid-json");
      expect(res.body.message).to.match(/^Expected the SNS notification's Message to be JSON: /);
    });
  });

  describe("over the concurrency limit", () => {
    it("answers 503 so sqsd retries, and admits work again once a slot frees", async () => {
      const record = recorder();
      const { app } = testWorker({
        jobs: [heldJob(record)],
        env: { WORKER_MAX_CONCURRENT_JOBS: "1" },
      });
      const first = postJob(app, "held", {}).then((res) => res);
      await record.started.promise;
      const refused = await postJob(app, "held", {});
      expect(refused.status).to.equal(503);
      expect(refused.body.reason).to.equal("over-capacity");
      record.release.open();
      expect((await first).status).to.equal(200);
      await postJob(app, "held", {}).expect(200);
    });
  });

  describe("on other paths", () => {
    it("answers a JSON 404", async () => {
      const { app } = testWorker();
      const res = await request(app).post("/nope").set(sqsdHeaders()).send("{}").expect(404);
      expect(res.body).to.deep.equal({
        outcome: "rejected",
        reason: "not-found",
        message: "Nothing is served at POST /nope",
      });
    });

    for (const [method, path] of [
      ["options", "/"],
      ["options", "/tasks/nightly"],
      ["options", "/health"],
      ["put", "/"],
      ["delete", "/health"],
    ] as const) {
      it(`answers ${method.toUpperCase()} ${path} with the JSON body every response promises (issue 9 defect 9)`, async () => {
        const { app } = testWorker();
        const agent = request(app);
        const res = await agent[method](path).set(sqsdHeaders()).expect(404);
        expect(res.type).to.equal("application/json");
        expect(res.body).to.deep.equal({
          outcome: "rejected",
          reason: "not-found",
          message: `Nothing is served at ${method.toUpperCase()} ${path}`,
        });
      });
    }
  });
});
