import { expect } from "chai";
import {
  context,
  createTraceState,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
  type SpanContext,
} from "@opentelemetry/api";
import { prepareMessage, type PrepareContext } from "../../src/producer/prepare.js";
import { parseTraceContext } from "../../src/tracing/trace-context.js";
import { echoJob, pingJob, recorder } from "../fixtures/jobs.js";
import { useOpenTelemetry } from "../support/otel.js";
import { KEY_1, SIGNING_ENV } from "../support/signing.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN_ID = "00f067aa0ba902b7";

const producing: PrepareContext = {
  jobs: [pingJob],
  queue: { name: "worker-queue", fifo: false },
  maxMessageBytes: 1024 * 1024,
  nowSeconds: () => 1_700_000_000,
};

function inSpan<T>(span: Partial<SpanContext>, work: () => T): T {
  const spanContext: SpanContext = {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: TraceFlags.SAMPLED,
    ...span,
  };
  return context.with(trace.setSpanContext(ROOT_CONTEXT, spanContext), work);
}

function userAttributes(count: number): Record<string, string> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [`a${i}`, "v"]));
}

describe("the producer's trace attributes", () => {
  useOpenTelemetry();

  it("carry the active span as a W3C traceparent, and its tracestate", () => {
    const message = inSpan({ traceState: createTraceState("vendor=abc,other=1") }, () =>
      prepareMessage(producing, "ping", {}),
    );
    expect(message.attributes).to.deep.equal({
      traceparent: `00-${TRACE_ID}-${SPAN_ID}-01`,
      tracestate: "vendor=abc,other=1",
    });
  });

  it("are absent outside any span", () => {
    expect(prepareMessage(producing, "ping", {}).attributes).to.deep.equal({});
  });

  it("keep a traceparent the caller set", () => {
    const attributes = { traceparent: `00-${"1".repeat(32)}-${"2".repeat(16)}-00` };
    const message = inSpan({}, () => prepareMessage(producing, "ping", {}, { attributes }));
    expect(message.attributes).to.deep.equal(attributes);
  });

  it("take only slots no other attribute needs, one kept for worker.parked", () => {
    const state = { traceState: createTraceState("vendor=abc") };
    // 7 of the user's attributes and the idempotency key: room for traceparent only.
    const eight = inSpan(state, () =>
      prepareMessage(producing, "ping", {}, { attributes: userAttributes(7), idempotencyKey: "k" }),
    );
    expect(Object.keys(eight.attributes)).to.have.length(9).and.include("traceparent");
    expect(eight.attributes).to.not.have.property("tracestate");
    // 9 (the most a message may have): no trace context, and the message is still sent.
    const nine = inSpan(state, () =>
      prepareMessage(producing, "ping", {}, { attributes: userAttributes(9) }),
    );
    expect(nine.attributes).to.deep.equal(userAttributes(9));
  });
});

describe("a signed message's trace attributes", () => {
  useOpenTelemetry();

  it("are covered by the signature, which the app accepts, and reach the job's logger", async () => {
    const record = recorder();
    const echo = echoJob(record);
    const now = new Date();
    const signing = {
      ...producing,
      jobs: [echo],
      signingKey: KEY_1,
      nowSeconds: () => Math.floor(now.getTime() / 1000),
    };
    const message = inSpan({}, () => prepareMessage(signing, "echo", { n: 1 }));
    expect(Object.keys(message.attributes).sort()).to.deep.equal([
      "traceparent",
      "worker-signature",
    ]);
    const { app } = testWorker({ jobs: [echo], env: SIGNING_ENV });
    await postJob(app, "echo", { n: 1 }, { attributes: message.attributes, sentAt: now }).expect(
      200,
    );
    expect(record.calls[0]?.context.log.bindings()).to.include({ traceId: TRACE_ID });
  });

  it("leave the signature its slot: 8 attributes of the caller's and no trace context", () => {
    const signing = { ...producing, signingKey: KEY_1 };
    const message = inSpan({}, () =>
      prepareMessage(signing, "ping", {}, { attributes: userAttributes(8) }),
    );
    expect(Object.keys(message.attributes)).to.have.length(9).and.include("worker-signature");
    expect(message.attributes).to.not.have.property("traceparent");
  });
});

describe("reading a traceparent", () => {
  it("accepts version 00 and keeps only the sampled flag", () => {
    expect(parseTraceContext(`00-${TRACE_ID}-${SPAN_ID}-03`, "a=b")).to.deep.include({
      traceId: TRACE_ID,
      spanId: SPAN_ID,
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });

  it("accepts a later version with more fields, as the specification asks", () => {
    expect(parseTraceContext(`01-${TRACE_ID}-${SPAN_ID}-00-more`, undefined)?.traceId).to.equal(
      TRACE_ID,
    );
  });

  for (const [why, value] of [
    ["version ff", `ff-${TRACE_ID}-${SPAN_ID}-01`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-${SPAN_ID}-01`],
    ["an all-zero parent id", `00-${TRACE_ID}-${"0".repeat(16)}-01`],
    ["upper-case hex", `00-${TRACE_ID.toUpperCase()}-${SPAN_ID}-01`],
    ["version 00 with more fields", `00-${TRACE_ID}-${SPAN_ID}-01-more`],
    ["a short trace id", `00-${TRACE_ID.slice(1)}-${SPAN_ID}-01`],
  ] as const) {
    it(`refuses ${why}`, () => {
      expect(parseTraceContext(value, undefined)).to.equal(undefined);
    });
  }
});
