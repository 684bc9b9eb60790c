/**
 * The one place that reads and writes sqsd's `X-Aws-Sqsd-*` headers (docs/protocol.md §1.2).
 * The worker app parses them into a {@link SqsdDelivery}; the local daemon formats them from one.
 */
import type { IncomingHttpHeaders } from "node:http";
import { formatHeaderTimestamp, parseHeaderTimestamp } from "./timestamps.js";

/** A periodic task's identity, present only on periodic-task POSTs. */
export interface ScheduledTask {
  /** `X-Aws-Sqsd-Taskname`: the task's `name` in `cron.yaml`. */
  name: string;
  /** `X-Aws-Sqsd-Scheduled-At`: the minute the task was scheduled for. */
  scheduledAt: Date;
}

/** What sqsd says about one delivery of one SQS message. */
export interface SqsdDelivery {
  /** `X-Aws-Sqsd-Msgid`: the SQS MessageId, stable across redeliveries. */
  messageId: string;
  /** `X-Aws-Sqsd-Receive-Count`: 1 on the first delivery. */
  receiveCount: number;
  /** `X-Aws-Sqsd-First-Received-At`. */
  firstReceivedAt: Date;
  /** `X-Aws-Sqsd-Sent-At`: when the producer sent it. Not in AWS's table, but always sent. */
  sentAt: Date | undefined;
  /** `X-Aws-Sqsd-Queue`: the queue's name (the last segment of its URL). */
  queue: string;
  /** `X-Aws-Sqsd-Sender-Id`: the SQS SenderId. */
  senderId: string | undefined;
  /** `X-Aws-Sqsd-Path`: `HttpPath` (3.x), empty (2.x), or the task's url. */
  path: string | undefined;
  /** `X-Aws-Sqsd-Attr-<name>`: String and Number message attributes. Names arrive lowercased. */
  attributes: Readonly<Record<string, string>>;
  /** Set on periodic-task POSTs. */
  task: ScheduledTask | undefined;
}

/** Header names as real sqsd 3.0.4 spells them. Node lowercases names on the way in. */
export const SQSD_HEADER = {
  messageId: "X-Aws-Sqsd-Msgid",
  receiveCount: "X-Aws-Sqsd-Receive-Count",
  firstReceivedAt: "X-Aws-Sqsd-First-Received-At",
  sentAt: "X-Aws-Sqsd-Sent-At",
  queue: "X-Aws-Sqsd-Queue",
  path: "X-Aws-Sqsd-Path",
  senderId: "X-Aws-Sqsd-Sender-Id",
  taskName: "X-Aws-Sqsd-Taskname",
  scheduledAt: "X-Aws-Sqsd-Scheduled-At",
} as const;

export const SQSD_ATTRIBUTE_HEADER_PREFIX = "X-Aws-Sqsd-Attr-";
const ATTRIBUTE_PREFIX_LOWER = SQSD_ATTRIBUTE_HEADER_PREFIX.toLowerCase();

/** sqsd's User-Agent is `aws-sqsd/<version>`; match the prefix, never the version. */
export const SQSD_USER_AGENT_PREFIX = "aws-sqsd";

export type ParsedSqsdHeaders =
  { ok: true; delivery: SqsdDelivery } | { ok: false; problems: string[] };

/** The names as Node gives them (lower case), computed once rather than on every request. */
const LOWER: { readonly [K in keyof typeof SQSD_HEADER]: string } = {
  messageId: SQSD_HEADER.messageId.toLowerCase(),
  receiveCount: SQSD_HEADER.receiveCount.toLowerCase(),
  firstReceivedAt: SQSD_HEADER.firstReceivedAt.toLowerCase(),
  sentAt: SQSD_HEADER.sentAt.toLowerCase(),
  queue: SQSD_HEADER.queue.toLowerCase(),
  path: SQSD_HEADER.path.toLowerCase(),
  senderId: SQSD_HEADER.senderId.toLowerCase(),
  taskName: SQSD_HEADER.taskName.toLowerCase(),
  scheduledAt: SQSD_HEADER.scheduledAt.toLowerCase(),
};
const WHOLE_NUMBER = /^\d+$/;

/**
 * Parses the `X-Aws-Sqsd-*` headers of one request. The four headers AWS documents for every
 * message (Msgid, Receive-Count, First-Received-At, Queue) are required; the others are read when
 * present. Every problem is reported, not only the first. Each header is read once; the helpers
 * below are plain functions, not closures made per request (this runs for every delivery).
 */
export function parseSqsdHeaders(headers: IncomingHttpHeaders): ParsedSqsdHeaders {
  const problems: string[] = [];
  const messageId = required(headers, "messageId", problems);
  const receiveCountText = required(headers, "receiveCount", problems);
  const receiveCount = Number(receiveCountText);
  if (receiveCountText !== "" && !(WHOLE_NUMBER.test(receiveCountText) && receiveCount >= 1)) {
    problems.push(
      `${SQSD_HEADER.receiveCount} must be a whole number of at least 1, got "${receiveCountText}"`,
    );
  }
  const firstReceivedText = required(headers, "firstReceivedAt", problems);
  const firstReceivedAt = timestamp("firstReceivedAt", firstReceivedText, problems);
  const queue = required(headers, "queue", problems);
  const sentAt = timestamp("sentAt", read(headers, "sentAt"), problems);

  const taskName = read(headers, "taskName");
  const scheduledText = read(headers, "scheduledAt");
  let task: ScheduledTask | undefined;
  if (taskName !== undefined || scheduledText !== undefined) {
    if (!taskName)
      problems.push(`${SQSD_HEADER.taskName} is required with ${SQSD_HEADER.scheduledAt}`);
    if (!scheduledText)
      problems.push(`${SQSD_HEADER.scheduledAt} is required with ${SQSD_HEADER.taskName}`);
    const scheduledAt = timestamp("scheduledAt", scheduledText, problems);
    if (taskName && scheduledAt) task = { name: taskName, scheduledAt };
  }

  if (problems.length > 0 || !firstReceivedAt) return { ok: false, problems };
  return {
    ok: true,
    delivery: {
      messageId,
      receiveCount,
      firstReceivedAt,
      sentAt,
      queue,
      senderId: read(headers, "senderId"),
      path: read(headers, "path"),
      attributes: readAttributes(headers),
      task,
    },
  };
}

type HeaderKey = keyof typeof SQSD_HEADER;

function read(headers: IncomingHttpHeaders, key: HeaderKey): string | undefined {
  const value = headers[LOWER[key]];
  return Array.isArray(value) ? value[0] : value;
}

function required(headers: IncomingHttpHeaders, key: HeaderKey, problems: string[]): string {
  const value = read(headers, key);
  if (value === undefined || value === "") problems.push(`${SQSD_HEADER[key]} is required`);
  return value ?? "";
}

function timestamp(
  key: HeaderKey,
  value: string | undefined,
  problems: string[],
): Date | undefined {
  if (value === undefined || value === "") return undefined;
  const date = parseHeaderTimestamp(value);
  if (!date)
    problems.push(
      `${SQSD_HEADER[key]} must be an ISO 8601 UTC time like 2023-08-15T13:57:53Z, got "${value}"`,
    );
  return date;
}

function readAttributes(headers: IncomingHttpHeaders): Record<string, string> {
  const attributes: Record<string, string> = {};
  // for…in, not Object.entries: no array of pairs per request.
  for (const name in headers) {
    if (!name.startsWith(ATTRIBUTE_PREFIX_LOWER)) continue;
    const value = headers[name];
    if (value === undefined) continue;
    attributes[name.slice(ATTRIBUTE_PREFIX_LOWER.length)] = Array.isArray(value)
      ? value.join(", ")
      : value;
  }
  return attributes;
}

/**
 * Formats a delivery as the headers sqsd sends, in the order of the 3.0.4 capture. Periodic
 * tasks add Scheduled-At and Taskname; attributes become `X-Aws-Sqsd-Attr-<name>`.
 */
export function formatSqsdHeaders(delivery: SqsdDelivery): Record<string, string> {
  const headers: Record<string, string> = {
    [SQSD_HEADER.messageId]: delivery.messageId,
    [SQSD_HEADER.receiveCount]: String(delivery.receiveCount),
    [SQSD_HEADER.firstReceivedAt]: formatHeaderTimestamp(delivery.firstReceivedAt),
  };
  if (delivery.sentAt) headers[SQSD_HEADER.sentAt] = formatHeaderTimestamp(delivery.sentAt);
  headers[SQSD_HEADER.queue] = delivery.queue;
  if (delivery.path !== undefined) headers[SQSD_HEADER.path] = delivery.path;
  if (delivery.senderId !== undefined) headers[SQSD_HEADER.senderId] = delivery.senderId;
  if (delivery.task) {
    headers[SQSD_HEADER.scheduledAt] = formatHeaderTimestamp(delivery.task.scheduledAt);
    headers[SQSD_HEADER.taskName] = delivery.task.name;
  }
  for (const [name, value] of Object.entries(delivery.attributes)) {
    headers[`${SQSD_ATTRIBUTE_HEADER_PREFIX}${name}`] = value;
  }
  return headers;
}

/** The User-Agent sqsd sends, `aws-sqsd/<version>`. */
export function sqsdUserAgent(version: string): string {
  return `${SQSD_USER_AGENT_PREFIX}/${version}`;
}
