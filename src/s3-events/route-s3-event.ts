/**
 * Routes a message body that is an S3 notification (sent to the queue directly, or through an
 * SNS topic without raw delivery) to jobs by the declared rules, before the body is required to
 * be our envelope. Any other body is left to the envelope parser untouched.
 */
import type { ParsedEnvelope } from "../protocol/envelope.js";
import { readS3Notification, type S3ObjectEvent } from "./s3-event.js";
import { ruleMatches, type ResolvedS3EventRule } from "./define-rule.js";

export type RoutedS3Event =
  /** The `s3:TestEvent`, or no record to act on: acknowledged, nothing runs. */
  | { kind: "ignored"; message: string }
  /** Not a well-formed notification, or one no rule covers: a permanent problem. */
  | { kind: "unrouted"; reason: "invalid-envelope" | "unknown-job-type"; message: string }
  /** The job its rule makes of the event, as if it had arrived in our envelope. */
  | { kind: "job"; parsed: ParsedEnvelope & { ok: true } };

/**
 * Both markers appear verbatim in any S3 notification, raw or inside SNS's escaped `Message`, so
 * the bodies of ordinary jobs (nearly all of them) are not parsed twice.
 */
const MARKERS = ["aws:s3", "s3:TestEvent"];

export function routeS3Event(
  body: Buffer,
  rules: readonly ResolvedS3EventRule[],
): RoutedS3Event | undefined {
  if (!MARKERS.some((marker) => body.includes(marker))) return undefined;
  const notification = readS3Notification(unwrapSns(parseJson(body.toString("utf8"))));
  if (notification === undefined) return undefined;
  switch (notification.kind) {
    case "test":
      return {
        kind: "ignored",
        message: `Acknowledged S3's s3:TestEvent for bucket "${notification.bucket}" (sent when a notification configuration is saved); nothing to run`,
      };
    case "malformed":
      return {
        kind: "unrouted",
        reason: "invalid-envelope",
        message: `Invalid S3 event notification: ${notification.problem}`,
      };
    case "records":
      return routeRecords(notification.records, rules);
  }
}

/**
 * S3 sends one record per notification message; a message with several is refused rather than
 * half run, so a redelivery never repeats part of it.
 */
function routeRecords(
  records: readonly S3ObjectEvent[],
  rules: readonly ResolvedS3EventRule[],
): RoutedS3Event {
  const [event, ...more] = records;
  if (event === undefined) {
    return { kind: "ignored", message: "Acknowledged an S3 notification without records" };
  }
  if (more.length > 0) {
    return {
      kind: "unrouted",
      reason: "invalid-envelope",
      message: `Expected one record per S3 notification (S3 sends one), got ${records.length}`,
    };
  }
  const rule = rules.find((candidate) => ruleMatches(candidate, event));
  if (!rule) {
    const declared = rules.map(describeRule).join("; ") || "none";
    return {
      kind: "unrouted",
      reason: "unknown-job-type",
      message: `No S3 event rule matches ${event.eventName} s3://${event.bucket}/${event.key}; the rules (src/s3-events/rules.ts) are: ${declared}`,
    };
  }
  return {
    kind: "job",
    parsed: { ok: true, envelope: { type: rule.job, payload: rule.payload(event), viaSns: false } },
  };
}

function describeRule(rule: ResolvedS3EventRule): string {
  const suffixes = rule.suffixes ? `*{${rule.suffixes.join(",")}}` : "*";
  const bucket = rule.bucket ?? "(WORKER_BUCKET, unset)";
  return `${rule.name}: ${rule.events.join("|")} s3://${bucket}/${rule.prefix ?? ""}${suffixes} → ${rule.job}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** SNS's envelope (Type "Notification", the S3 event as a string in Message), removed. */
function unwrapSns(value: unknown): unknown {
  if (
    typeof value === "object" &&
    value !== null &&
    (value as { Type?: unknown }).Type === "Notification" &&
    typeof (value as { Message?: unknown }).Message === "string"
  ) {
    return parseJson((value as { Message: string }).Message);
  }
  return value;
}
