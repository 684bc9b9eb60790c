import { Writable } from "node:stream";
import { expect } from "chai";
import { pino } from "pino";
import { echoJob, failingJob, recorder } from "../fixtures/jobs.js";
import request from "supertest";
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
    outcomes: () => lines.filter((line) => "outcome" in line),
    requests: () => lines.filter((line) => line.msg === "request completed"),
  };
}

describe("the job outcome log line", () => {
  it("records job type, message id, receive count, queue lag, duration, outcome and status", async () => {
    const { logger, outcomes } = capturingLogger();
    const { app } = testWorker({ jobs: [echoJob(recorder())], logger });
    const sentAt = new Date(Date.now() - 5000);
    await postJob(app, "echo", { n: 1 }, { messageId: "m-log", receiveCount: 3, sentAt }).expect(
      200,
    );
    const [line] = outcomes();
    expect(line).to.include({
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

  it("keeps the request line short: method, path, message id, receive count and status, no headers", async () => {
    const { logger, requests, outcomes } = capturingLogger();
    const { app } = testWorker({ jobs: [echoJob(recorder())], logger });
    await postJob(app, "echo", { n: 1 }, { messageId: "m-req", receiveCount: 2 }).expect(200);
    const [line] = requests();
    expect(line?.req).to.deep.equal({
      id: 1,
      method: "POST",
      url: "/",
      messageId: "m-req",
      receiveCount: "2",
    });
    expect(line?.res).to.deep.equal({ statusCode: 200 });
    expect(outcomes()[0]).not.to.have.property("req");
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
    expect(outcomes()[0]).to.include({ messageId: "lost", outcome: "not-found", status: 404 });
  });
});
