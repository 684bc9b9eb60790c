/**
 * What `dlq list` shows of a dead-lettered message. The app's parking attributes (`worker.*`, see
 * src/delivery/dead-letter.ts) are used when present; a message SQS moved after MaxRetries has none, so the
 * job type then comes from the body and the receive count from SQS itself.
 */
import type { Message } from "@aws-sdk/client-sqs";
import { PARKED_ATTRIBUTE } from "../protocol/message-attributes.js";
import { SCHEDULED_JOB_BODY } from "../protocol/scheduled-job.js";

export interface ParkedSummary {
  /** The id the worker saw (the original message id when the app parked it). */
  id: string;
  /** This copy's id in the dead-letter queue. */
  dlqMessageId: string;
  jobType: string;
  reason: string;
  receiveCount: string;
  /** Seconds since the message was sent to the dead-letter queue. */
  ageSeconds: number;
  detail: string | undefined;
}

export function summarize(message: Message, nowMs: number): ParkedSummary {
  const attribute = (name: string): string | undefined =>
    message.MessageAttributes?.[name]?.StringValue;
  const sentMs = Number(message.Attributes?.SentTimestamp ?? nowMs);
  return {
    id: attribute(PARKED_ATTRIBUTE.originalMessageId) ?? message.MessageId ?? "",
    dlqMessageId: message.MessageId ?? "",
    jobType: attribute(PARKED_ATTRIBUTE.jobType) ?? jobTypeFromBody(message.Body),
    reason: attribute(PARKED_ATTRIBUTE.reason) ?? "max-retries",
    receiveCount:
      attribute(PARKED_ATTRIBUTE.receiveCount) ??
      message.Attributes?.ApproximateReceiveCount ??
      "?",
    ageSeconds: Math.max(0, Math.round((nowMs - sentMs) / 1000)),
    detail: attribute(PARKED_ATTRIBUTE.detail),
  };
}

function jobTypeFromBody(body: string | undefined): string {
  if (body === SCHEDULED_JOB_BODY) return "(periodic task)";
  try {
    const parsed = JSON.parse(body ?? "") as unknown;
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "type" in parsed &&
      typeof parsed.type === "string"
    ) {
      return parsed.type;
    }
  } catch {
    // Not JSON: shown as unknown below.
  }
  return "?";
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)}h`;
  return `${Math.round(seconds / 86400)}d`;
}
