/**
 * A span per job and per periodic-task run, continuing the trace of whoever enqueued the job, with
 * a logger whose every line carries the trace id. Through @opentelemetry/api only: without an SDK
 * (docs/observability.md tells how to add one without code changes) the span does nothing, and
 * the log lines still carry the trace id the message brought.
 */
import {
  context as contextApi,
  isSpanContextValid,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from "@opentelemetry/api";
import { toError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import { messageContext } from "./message-trace.js";

/** The instrumentation scope of every span this project starts. */
export const TRACER_NAME = "sqs-worker";

export interface TracedRun {
  /** The span's name: `process <job type>` or `run <task>`. */
  spanName: string;
  delivery: SqsdDelivery;
  /** The span's attributes besides the messaging ones every delivery has. */
  attributes: Attributes;
  /** The job's logger bindings (job type, message id, …); the trace ids are added to them. */
  bindings: Record<string, unknown>;
}

/**
 * Runs `work` inside the run's span (so the handler's own spans, e.g. an instrumented AWS SDK
 * call, are its children) with the job's logger; ends the span when the work settles, with an
 * error status if it threw.
 */
export function runTraced(
  run: TracedRun,
  log: Logger,
  work: (log: Logger) => Promise<void>,
): Promise<void> {
  const { delivery } = run;
  const parent = messageContext(delivery.attributes);
  // Asked for per run, not kept: a ProxyTracer kept at import would stay bound to the first
  // provider ever registered. Without an SDK this is the no-op tracer; with one, its cached tracer.
  const span = trace.getTracer(TRACER_NAME).startSpan(
    run.spanName,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        "messaging.system": "aws_sqs",
        "messaging.operation.type": "process",
        "messaging.operation.name": "process",
        "messaging.destination.name": delivery.queue,
        "messaging.message.id": delivery.messageId,
        "sqs_worker.receive_count": delivery.receiveCount,
        ...run.attributes,
      },
    },
    parent,
  );
  const spanContext = span.spanContext();
  const jobLog = log.child(
    isSpanContextValid(spanContext)
      ? { ...run.bindings, traceId: spanContext.traceId, spanId: spanContext.spanId }
      : run.bindings,
  );
  let running: Promise<void>;
  try {
    running = contextApi.with(trace.setSpan(parent, span), work, undefined, jobLog);
  } catch (error) {
    running = Promise.reject(toError(error));
  }
  return running.then(
    () => {
      span.end();
    },
    (error: unknown) => {
      const failure = toError(error);
      span.recordException(failure);
      span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
      span.end();
      throw error;
    },
  );
}
