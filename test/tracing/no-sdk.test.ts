/**
 * Without an OpenTelemetry SDK (the default: nothing registers one), the spans are no-ops, but the
 * trace id a message brings still reaches the job's log lines.
 */
import { Writable } from "node:stream";
import { expect } from "chai";
import { pino } from "pino";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const PARENT_ID = "00f067aa0ba902b7";

function handlerLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

describe("without an OpenTelemetry SDK", () => {
  it("binds the trace id of the message's traceparent to the job's logger", async () => {
    const record = recorder();
    const { logger } = handlerLogger();
    const { app } = testWorker({ jobs: [echoJob(record)], logger });
    await postJob(
      app,
      "echo",
      { n: 1 },
      { attributes: { traceparent: `00-${TRACE_ID}-${PARENT_ID}-01` } },
    ).expect(200);
    const [call] = record.calls;
    expect(call?.context.log.bindings()).to.include({ jobType: "echo", traceId: TRACE_ID });
  });

  it("adds no trace fields for a message without one", async () => {
    const record = recorder();
    const { logger } = handlerLogger();
    const { app } = testWorker({ jobs: [echoJob(record)], logger });
    await postJob(app, "echo", { n: 1 }).expect(200);
    const bindings = record.calls[0]?.context.log.bindings();
    expect(bindings).to.include({ jobType: "echo" });
    expect(bindings).to.not.have.property("traceId");
  });

  it("ignores a malformed traceparent, and still runs the job", async () => {
    const record = recorder();
    const { app } = testWorker({ jobs: [echoJob(record)] });
    await postJob(
      app,
      "echo",
      { n: 1 },
      { attributes: { traceparent: "00-not-a-trace-01" } },
    ).expect(200);
    expect(record.calls[0]?.context.log.bindings()).to.not.have.property("traceId");
  });
});
