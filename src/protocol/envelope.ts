/**
 * Reads a message body as the job envelope `{"type": "<job type>", "payload": {...}}`.
 *
 * A queue subscribed to an SNS topic without raw message delivery receives SNS's own JSON
 * envelope instead, with the real body as a string in `Message`; that is unwrapped here so
 * handlers never see the difference (sqsd-protocol.md §1.4).
 */
import { outcome, type Outcome } from "../delivery/outcomes.js";

export interface Envelope {
  type: string;
  payload: unknown;
  /** True when the envelope arrived inside an SNS notification. */
  viaSns: boolean;
}

export type ParsedEnvelope = { ok: true; envelope: Envelope } | { ok: false; failure: Outcome };

export function parseEnvelope(body: Buffer): ParsedEnvelope {
  if (body.length === 0) {
    return fail(
      outcome(
        "empty-body",
        'Expected a JSON envelope {"type": …, "payload": …}, got an empty body (periodic tasks are POSTed to /tasks/<name>)',
      ),
    );
  }
  const parsed = parseJson(body.toString("utf8"));
  if (!parsed.ok)
    return fail(outcome("invalid-json", `Expected the body to be JSON: ${parsed.error}`));
  let value = parsed.value;
  let viaSns = false;
  if (isSnsNotification(value)) {
    const inner = parseJson(value.Message);
    if (!inner.ok) {
      return fail(
        outcome(
          "invalid-json",
          `Expected the SNS notification's Message to be JSON: ${inner.error}`,
        ),
      );
    }
    value = inner.value;
    viaSns = true;
  }
  if (!isRecord(value) || typeof value.type !== "string" || !("payload" in value)) {
    return fail(
      outcome(
        "invalid-envelope",
        `Expected a JSON object {"type": string, "payload": …}, got ${describe(value)}`,
      ),
    );
  }
  return { ok: true, envelope: { type: value.type, payload: value.payload, viaSns } };
}

function fail(failure: Outcome): ParsedEnvelope {
  return { ok: false, failure };
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
