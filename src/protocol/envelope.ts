/**
 * The job envelope: the SQS message body `{"type": "<job type>", "payload": {...}}`, encoded by
 * the producer and parsed by the app (sqsd POSTs the body byte for byte).
 *
 * A queue subscribed to an SNS topic without raw message delivery receives SNS's own JSON
 * envelope instead, with the real body as a string in `Message`; that is unwrapped here so
 * handlers never see the difference (docs/protocol.md §1.4).
 */

/**
 * Characters JSON leaves raw but SQS refuses in a body (it accepts #x9 #xA #xD, #x20–#xD7FF,
 * #xE000–#xFFFD and #x10000–#x10FFFF). JSON.stringify already escapes control characters and
 * lone surrogates; only these two noncharacters remain, and JSON may spell them as \u escapes.
 */
const REFUSED_BY_SQS = /[\uFFFE\uFFFF]/g;

/** Encodes one job as the message body; the result is always a body SQS accepts. */
export function encodeJob(type: string, payload: unknown): string {
  const body = JSON.stringify({ type, payload });
  return body.replace(REFUSED_BY_SQS, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}

export interface Envelope {
  type: string;
  payload: unknown;
  /** True when the envelope arrived inside an SNS notification. */
  viaSns: boolean;
}

/** Why a body is not an envelope; each is also a delivery outcome's reason. */
export type EnvelopeProblem = "empty-body" | "invalid-json" | "invalid-envelope";

export type ParsedEnvelope =
  { ok: true; envelope: Envelope } | { ok: false; problem: EnvelopeProblem; message: string };

export function parseEnvelope(body: Buffer): ParsedEnvelope {
  if (body.length === 0) {
    return fail(
      "empty-body",
      'Expected a JSON envelope {"type": …, "payload": …}, got an empty body (periodic tasks are POSTed to /tasks/<name>)',
    );
  }
  const parsed = parseJson(body.toString("utf8"));
  if (!parsed.ok) return fail("invalid-json", `Expected the body to be JSON: ${parsed.error}`);
  let value = parsed.value;
  let viaSns = false;
  if (isSnsNotification(value)) {
    const inner = parseJson(value.Message);
    if (!inner.ok) {
      return fail(
        "invalid-json",
        `Expected the SNS notification's Message to be JSON: ${inner.error}`,
      );
    }
    value = inner.value;
    viaSns = true;
  }
  if (!isRecord(value) || typeof value.type !== "string" || !("payload" in value)) {
    return fail(
      "invalid-envelope",
      `Expected a JSON object {"type": string, "payload": …}, got ${describe(value)}`,
    );
  }
  return { ok: true, envelope: { type: value.type, payload: value.payload, viaSns } };
}

function fail(problem: EnvelopeProblem, message: string): ParsedEnvelope {
  return { ok: false, problem, message };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, error: (error as SyntaxError).message };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isSnsNotification(value: unknown): value is { Message: string } {
  return (
    isRecord(value) &&
    value.Type === "Notification" &&
    typeof value.TopicArn === "string" &&
    typeof value.Message === "string"
  );
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (isRecord(value)) {
    const keys = Object.keys(value).slice(0, 5);
    return keys.length === 0 ? "an empty object" : `an object with keys ${keys.join(", ")}`;
  }
  return `a ${typeof value}`;
}
