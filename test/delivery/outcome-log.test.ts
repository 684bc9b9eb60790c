import { Writable } from "node:stream";
import { expect } from "chai";
import { pino } from "pino";
import { echoJob, failingJob, permanentJob, recorder } from "../fixtures/jobs.js";
import request from "supertest";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { postJob, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return {
    logger: pino({ level: "info" }, stream),
    lines: () => lines,
    outcomes: () => lines.filter((line) => "outcome" in line),
  };
}

describe("the one log line per job", () => {
  it("records job type, message id, receive count, queue lag, duration, outcome and status", async () => {
    const { logger, outcomes } = capturingLogger();
    const { app } = testWorker({ jobs: [echoJob(recorder())], logger });
    const sentAt = new Date(Date.now() - 5000);
    await postJob(app, "echo", { n: 1 }, { messageId: "m-log", receiveCount: 3, sentAt }).expect(
      200,
    );
    const [line] = outcomes();
    expect(line).to.include({
      level: 30,
      msg: "job outcome",
      jobType: "echo",
      messageId: "m-log",
      receiveCount: 3,
      outcome: "completed",
      status: 200,
    });
    expect(line?.queueLagMs).to.be.within(5000, 60_000);
    expect(line?.durationMs).to.be.a("number");
  });

  it("is the only line of a job, and carries the access line's method, path, status and response time, no headers", async () => {
    const { logger, lines } = capturingLogger();
    const { app } = testWorker({ jobs: [echoJob(recorder())], logger });
    await postJob(app, "echo", { n: 1 }, { messageId: "m-req", receiveCount: 2 }).expect(200);
    expect(lines()).to.have.length(1);
    const [line] = lines();
    expect(line).to.include({
      method: "POST",
      path: "/",
      messageId: "m-req",
      receiveCount: 2,
      status: 200,
    });
    expect(line?.responseTime)
      .to.be.a("number")
      .and.at.least(line?.durationMs as number);
    expect(line).not.to.have.any.keys("req", "res", "headers");
  });

  it("logs the final attempt as an error when the receive count reaches MaxRetries", async () => {
    const { logger, outcomes } = capturingLogger();
    const { app } = testWorker({ jobs: [failingJob], logger, env: { WORKER_MAX_RETRIES: "4" } });
    await postJob(app, "always-fails", {}, { receiveCount: 4 }).expect(500);
    const [line] = outcomes();
    expect(line).to.include({
      level: 50,
      finalAttempt: true,
      outcome: "handler-failed",
      status: 500,
    });
    expect(line?.msg).to.equal(
      "final attempt failed (4 of 4): SQS moves the message to the dead-letter queue next: Error: the mail server said no",
    );
  });

  it("logs a failed attempt at error with the handler's own error and stack, not one made by the logger", async () => {
    const { logger, lines } = capturingLogger();
    const { app } = testWorker({ jobs: [failingJob], logger, env: { WORKER_MAX_RETRIES: "4" } });
    await postJob(app, "always-fails", {}, { receiveCount: 1 }).expect(500);
    expect(lines()).to.have.length(1);
    const [line] = lines();
    expect(line).to.include({ level: 50, outcome: "handler-failed", status: 500 });
    expect(line?.msg).to.equal("job failed, will be retried: Error: the mail server said no");
    const err = line?.err as { message?: string; stack?: string };
    expect(err.message).to.equal("the mail server said no");
    expect(err.stack).to.include("test/fixtures/jobs.ts");
    expect(err.stack).not.to.include("failed with status code");
  });

  it("logs a message refused before its handler, such as a body over the limit, as the final attempt", async () => {
    const { logger, outcomes } = capturingLogger();
    const { app } = testWorker({
      jobs: [echoJob(recorder())],
      logger,
      env: { WORKER_MAX_RETRIES: "2", WORKER_BODY_LIMIT_BYTES: "16" },
    });
    await postJob(app, "echo", { n: 1 }, { messageId: "too-big", receiveCount: 2 }).expect(413);
    expect(outcomes()[0]).to.include({
      messageId: "too-big",
      outcome: "body-too-large",
      status: 413,
      finalAttempt: true,
    });
  });

  it("logs a message POSTed to a path the worker does not serve", async () => {
    const { logger, outcomes } = capturingLogger();
    const { app } = testWorker({ logger });
    await request(app)
      .post("/wrong")
      .set(sqsdHeaders({ messageId: "lost" }))
      .send("{}")
      .expect(404);
    expect(outcomes()[0]).to.include({
      messageId: "lost",
      outcome: "not-found",
      status: 404,
      method: "POST",
      path: "/wrong",
    });
  });

  it("logs a request that is not a delivery, such as a health check, with its method, path and status", async () => {
    const { logger, lines } = capturingLogger();
    const { app } = testWorker({ logger });
    await request(app).get("/health").expect(200);
    expect(lines()).to.have.length(1);
    expect(lines()[0]).to.include({ level: 30, method: "GET", path: "/health", status: 200 });
    expect(lines()[0]?.responseTime).to.be.a("number");
  });

  describe("with a dead-letter queue", () => {
    let sqs: LocalSqs;
    before(async () => {
      sqs = await startLocalSqs();
    });
    after(async () => {
      await sqs.stop();
    });

    it("logs a parked job at warn, with the reason it was parked for", async () => {
      const { logger, lines } = capturingLogger();
      const { app } = testWorker({
        jobs: [permanentJob],
        logger,
        deadLetterQueue: createSqsDeadLetterQueue(sqs.client, sqs.createQueue("log-parked-dlq")),
      });
      await postJob(app, "gives-up", {}, { messageId: "m-parked" }).expect(200);
      expect(lines()).to.have.length(1);
      expect(lines()[0]).to.include({
        level: 40,
        messageId: "m-parked",
        jobType: "gives-up",
        outcome: "parked",
        parkedFor: "permanent-failure",
        status: 200,
      });
    });
  });
});
