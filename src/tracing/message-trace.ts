/**
 * The two ends of a trace across the queue: the producer writes the current span's context into
 * the message's attributes; the app reads it back as the parent of the job's span.
 */
import { context as contextApi, isSpanContextValid, trace, type Context } from "@opentelemetry/api";
import { SQS_MAX_ATTRIBUTES } from "../protocol/sqs-limits.js";
import {
  formatTraceparent,
  parseTraceContext,
  TRACEPARENT_ATTRIBUTE,
  TRACESTATE_ATTRIBUTE,
} from "./trace-context.js";

/**
 * At most this many attributes once the trace context is in: one of SQS's 10 stays free for
 * `worker.parked`, which the app adds when it parks the message (dead-letter.ts).
 */
const MAX_ATTRIBUTES_WITH_TRACE = SQS_MAX_ATTRIBUTES - 1;

/**
 * Adds `traceparent` (and `tracestate`, when the context has one) for the active span, if there
 * is one and the message has room: the trace context is best effort, never a reason to refuse a
 * message or to take a slot its own attributes need. `reserved`: the slots still to be added (the
 * signature). A message that already carries a `traceparent` (the caller's) keeps it.
 */
export function addTraceContext(attributes: Record<string, string>, reserved: number): void {
  const span = trace.getSpanContext(contextApi.active());
  if (!span || !isSpanContextValid(span)) return;
  if (TRACEPARENT_ATTRIBUTE in attributes) return;
  const room = MAX_ATTRIBUTES_WITH_TRACE - reserved - Object.keys(attributes).length;
  if (room < 1) return;
  attributes[TRACEPARENT_ATTRIBUTE] = formatTraceparent(span);
  const state = span.traceState?.serialize();
  if (state && room >= 2) attributes[TRACESTATE_ATTRIBUTE] = state;
}

/**
 * The context a job's span starts in: the message's trace as a remote parent when it carries
 * one, else the active context (a server span, if an HTTP instrumentation made one).
 */
export function messageContext(attributes: Readonly<Record<string, string>>): Context {
  const active = contextApi.active();
  const parent = parseTraceContext(
    attributes[TRACEPARENT_ATTRIBUTE],
    attributes[TRACESTATE_ATTRIBUTE],
  );
  return parent ? trace.setSpanContext(active, parent) : active;
}
