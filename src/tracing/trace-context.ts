/**
 * The W3C Trace Context (www.w3.org/TR/trace-context) as it travels in two SQS message
 * attributes, `traceparent` and `tracestate`, which sqsd forwards to the app as
 * `X-Aws-Sqsd-Attr-traceparent` and `X-Aws-Sqsd-Attr-tracestate`. Written and read here, so the
 * trace crosses the queue whether or not a propagator is configured in either process.
 */
import {
  createTraceState,
  isSpanContextValid,
  TraceFlags,
  type SpanContext,
} from "@opentelemetry/api";

export const TRACEPARENT_ATTRIBUTE = "traceparent";
export const TRACESTATE_ATTRIBUTE = "tracestate";

/** Version 00: `00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`. */
export function formatTraceparent(context: SpanContext): string {
  const flags = (context.traceFlags & 0xff).toString(16).padStart(2, "0");
  return `00-${context.traceId}-${context.spanId}-${flags}`;
}

/**
 * `version-traceid-parentid-flags`, lower-case hex. A later version may append fields after the
 * flags, which are ignored (the specification's rule); version ff and all-zero ids are invalid.
 */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/** The remote parent a message carries, or undefined when it carries none that is valid. */
export function parseTraceContext(
  traceparent: string | undefined,
  tracestate: string | undefined,
): SpanContext | undefined {
  const match = traceparent === undefined ? null : TRACEPARENT.exec(traceparent.trim());
  if (!match) return undefined;
  const [, version, traceId = "", spanId = "", flags = "00", rest] = match;
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  const context: SpanContext = {
    traceId,
    spanId,
    traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED,
    isRemote: true,
    ...(tracestate ? { traceState: createTraceState(tracestate) } : {}),
  };
  return isSpanContextValid(context) ? context : undefined;
}

/**
 * The trace id a message brought, for the job's outcome line (written after the job's span has
 * ended); undefined when it brought none that is valid.
 */
export function messageTraceId(attributes: Readonly<Record<string, string>>): string | undefined {
  const traceparent = attributes[TRACEPARENT_ATTRIBUTE];
  return traceparent === undefined ? undefined : parseTraceContext(traceparent, undefined)?.traceId;
}
