/**
 * What `dlq list` shows of a dead-lettered message. The app's parking details (`worker.parked`, or
 * the `worker.*` attributes of earlier versions; see src/delivery/dead-letter.ts) are used when present; a message SQS moved after MaxRetries has none, so the
 * job type then comes from the body and the receive count from SQS itself.
 */
import type { Message } from "@aws-sdk/client-sqs";
import { readParkingDetails } from "../protocol/message-attributes.js";
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
  const parked = readParkingDetails(message.MessageAttributes);
  const sentMs = Number(message.Attributes?.SentTimestamp ?? nowMs);
  return {
    id: parked.originalMessageId ?? message.MessageId ?? "",
    dlqMessageId: message.MessageId ?? "",
    jobType: parked.jobType ?? jobTypeFromBody(message.Body),
    reason: parked.reason ?? "max-retries",
    receiveCount: parked.receiveCount ?? message.Attributes?.ApproximateReceiveCount ?? "?",
    ageSeconds: Math.max(0, Math.round((nowMs - sentMs) / 1000)),
    detail: parked.detail,
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
