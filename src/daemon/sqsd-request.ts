/**
 * Turns one received SQS message into the request sqsd makes for it (docs/protocol.md §1.2, §3.3):
 * the path, the body and the `X-Aws-Sqsd-*` headers, formatted only by src/protocol/headers.ts.
 */
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import { formatSqsdHeaders, type ScheduledTask } from "../protocol/headers.js";
import { RESERVED_ATTRIBUTE_PREFIX, SCHEDULED_JOB_ATTRIBUTE } from "../protocol/scheduled-job.js";
import { parseScheduledTime } from "../protocol/timestamps.js";

export interface SqsdRequest {
  messageId: string;
  receiptHandle: string;
  receiveCount: number;
  /**
   * When SQS makes the message visible again (ms since the epoch, real time even under a test's
   * fake clock: SQS's clock runs): its visibility started at the receive, not at the POST
   * (docs/protocol.md §1.4). Moved on when the daemon extends it.
   */
  visibleUntilMs: number;
  /** Milliseconds since the epoch of the first receive, for the retention check. */
  firstReceivedAtMs: number;
  path: string;
  /** The raw SQS body; empty for a periodic task. */
  body: string;
  headers: Record<string, string>;
}

/** Only String and Number attributes (custom suffixes included) become headers; Binary is dropped. */
function isForwardedType(dataType: string | undefined): boolean {
  return dataType !== undefined && (dataType.startsWith("String") || dataType.startsWith("Number"));
}

/**
 * Node refuses to send a header value with characters outside Latin-1 or with line breaks; such an
 * attribute is left out rather than failing the message on every delivery.
 */
function isHeaderSafe(value: string): boolean {
  return !/[^\t\x20-\x7e\x80-\xff]/.test(value);
}

/** `X-Aws-Sqsd-Attr-<name>` values, skipping `beanstalk.sqsd.*`; on a name clash the first wins. */
function forwardedAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Record<string, string> {
  const forwarded: Record<string, string> = {};
  if (!attributes) return forwarded;
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(attributes)) {
    if (name.startsWith(RESERVED_ATTRIBUTE_PREFIX) || !isForwardedType(value.DataType)) continue;
    const key = name.toLowerCase();
    if (seen.has(key) || value.StringValue === undefined || !isHeaderSafe(value.StringValue))
      continue;
    seen.add(key);
    forwarded[name] = value.StringValue;
  }
  return forwarded;
}

/** The periodic task a scheduled-job message carries, or undefined for an ordinary message. */
function scheduledTask(
  attributes: Record<string, MessageAttributeValue> | undefined,
): (ScheduledTask & { path: string }) | undefined {
  const scheduledTime = attributes?.[SCHEDULED_JOB_ATTRIBUTE.scheduledTime]?.StringValue;
  if (scheduledTime === undefined) return undefined;
  const scheduledAt = parseScheduledTime(scheduledTime) ?? new Date(Number.NaN);
  return {
    name: attributes?.[SCHEDULED_JOB_ATTRIBUTE.taskName]?.StringValue ?? "",
    path: attributes?.[SCHEDULED_JOB_ATTRIBUTE.path]?.StringValue ?? "/",
    scheduledAt,
  };
}

function epochMs(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return text === undefined || !Number.isFinite(value) ? fallback : value;
}

export function toSqsdRequest(
  message: Message,
  queueName: string,
  httpPath: string,
  nowMs: number,
  visibleUntilMs: number,
): SqsdRequest {
  const system = message.Attributes ?? {};
  const receiveCount = Math.max(1, Math.trunc(epochMs(system.ApproximateReceiveCount, 1)));
  const firstReceivedAtMs = epochMs(system.ApproximateFirstReceiveTimestamp, nowMs);
  const sentTimestamp = system.SentTimestamp;
  const task = scheduledTask(message.MessageAttributes);
  const messageId = message.MessageId ?? "";
  const path = task ? task.path : httpPath;
  const headers = formatSqsdHeaders({
    messageId,
    receiveCount,
    firstReceivedAt: new Date(firstReceivedAtMs),
    sentAt: sentTimestamp === undefined ? undefined : new Date(epochMs(sentTimestamp, nowMs)),
    queue: queueName,
    path,
    senderId: system.SenderId,
    attributes: forwardedAttributes(message.MessageAttributes),
    task:
      task && !Number.isNaN(task.scheduledAt.getTime())
        ? { name: task.name, scheduledAt: task.scheduledAt }
        : undefined,
  });
  return {
    messageId,
    receiptHandle: message.ReceiptHandle ?? "",
    receiveCount,
    visibleUntilMs,
    firstReceivedAtMs,
    path,
    body: task ? "" : (message.Body ?? ""),
    headers,
  };
}
