/**
 * A trace across the queue, with real parts: the producer sends through the embedded SQS (with
 * AWS's attribute limits enforced), the local sqsd forwards the message's attributes as
 * X-Aws-Sqsd-Attr-* headers to the worker app, and the OpenTelemetry SDK records the spans in
 * memory. Nothing is stubbed.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { expect } from "chai";
import { pino } from "pino";
import { z } from "zod";
import request from "supertest";
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents } from "../../src/daemon/events.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { createProducer } from "../../src/producer/producer.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { useOpenTelemetry } from "../support/otel.js";
import { job, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";
import { deletedCount, testBehaviour } from "../daemon/support.js";

const tracedJob = defineJob({
  name: "traced",
  payload: z.object({ order: z.number() }),
  handle(payload, { log }) {
    log.info({ order: payload.order }, "charging the order");
    log.info("charged");
    return Promise.resolve();
  },
});

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("a trace from the producer through the queue to the job", function () {
  this.timeout(20_000);
  const exporter = useOpenTelemetry();
  let sqs: LocalSqs;
  let server: Server;
  let daemon: Daemon;

  afterEach(async () => {
    await daemon.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
    await sqs.stop();
  });

  it("gives the job's span the enqueuing span as parent, and the job's log lines its trace id", async () => {
    sqs = await startLocalSqs();
    enforceSqsLimits(sqs.client);
    const queueUrl = sqs.createQueue("worker-queue");
    const { logger, lines } = capturingLogger();
    const { app } = testWorker({ jobs: [tracedJob], logger });
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    const events = createDaemonEvents();
    daemon = startDaemon({
      sqs: sqs.client,
      queueUrl,
      behaviour: testBehaviour(),
      target: { port: (server.address() as AddressInfo).port },
      events,
      tuning: { waitTimeSeconds: 1, batchFlushMs: 10 },
    });
    const deleted = deletedCount(events, 1);
    const producer = createProducer({ sqs: sqs.client, queueUrl, jobs: [tracedJob] });

    const tracer = trace.getTracer("the-web-app");
    const { parent, messageId } = await tracer.startActiveSpan("POST /orders", async (span) => {
      const sent = await producer.enqueueByName("traced", { order: 42 });
      span.end();
      return { parent: span.spanContext(), messageId: sent.messageId };
    });
    await deleted;

    const jobSpan = exporter.getFinishedSpans().find((span) => span.name === "process traced");
    expect(jobSpan, "the job's span").to.not.equal(undefined);
    expect(jobSpan?.spanContext().traceId).to.equal(parent.traceId);
    expect(jobSpan?.parentSpanContext?.spanId).to.equal(parent.spanId);
    expect(jobSpan?.parentSpanContext?.isRemote).to.equal(true);
    expect(jobSpan?.kind).to.equal(SpanKind.CONSUMER);
    expect(jobSpan?.attributes).to.include({
      "messaging.system": "aws_sqs",
      "messaging.operation.type": "process",
      "messaging.destination.name": "worker-queue",
      "messaging.message.id": messageId,
      "sqs_worker.job.type": "traced",
      "sqs_worker.receive_count": 1,
    });

    const jobLines = lines.filter((line) => line.jobType === "traced" && "msg" in line);
    const handlerLines = jobLines.filter((line) => line.msg !== "job outcome");
    expect(handlerLines.map((line) => line.msg)).to.deep.equal(["charging the order", "charged"]);
    for (const line of handlerLines) {
      expect(line).to.include({
        traceId: parent.traceId,
        spanId: jobSpan?.spanContext().spanId,
        messageId,
      });
    }
    // The job's outcome line, written after the span ended, carries the same trace.
    const outcomeLines = jobLines.filter((line) => line.outcome === "completed");
    expect(outcomeLines).to.have.length(1);
    expect(outcomeLines[0]).to.include({ traceId: parent.traceId, messageId });
  });
});

describe("the job's span", () => {
  const exporter = useOpenTelemetry();

  it("ends with an error status and the exception when the handler throws", async () => {
    const failing = defineJob({
      name: "fails",
      payload: z.object({}),
      handle: () => Promise.reject(new Error("the card was declined")),
    });
    const { app } = testWorker({ jobs: [failing] });
    await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "m-fails" }))
      .send(job("fails", {}))
      .expect(500);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).to.equal("process fails");
    expect(span?.status).to.deep.equal({
      code: SpanStatusCode.ERROR,
      message: "the card was declined",
    });
    expect(span?.events.map((event) => event.name)).to.deep.equal(["exception"]);
  });

  it("is a root span for a message without a trace context, and its id is in the log lines", async () => {
    const { logger, lines } = capturingLogger();
    const { app } = testWorker({ jobs: [tracedJob], logger });
    await request(app)
      .post("/")
      .set(sqsdHeaders({ messageId: "m-root" }))
      .send(job("traced", { order: 1 }))
      .expect(200);
    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext).to.equal(undefined);
    const charged = lines.find((line) => line.msg === "charged");
    expect(charged?.traceId).to.equal(span?.spanContext().traceId);
  });
});
