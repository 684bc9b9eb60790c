/**
 * Makes a supertest request look like what sqsd sends through nginx on Amazon Linux 2023
 * (docs/protocol.md §1.3): every X-Aws-Sqsd-* header with realistic values, sqsd's User-Agent,
 * and nginx's X-Forwarded-For. Override any field:
 *
 *   await request(app).post("/").set(sqsdHeaders({ receiveCount: 3 })).send(job("send-email", {...}));
 *   await postJob(app, "send-email", { to: "a@example.com", subject: "Hi", text: "…" });
 */
import { randomUUID } from "node:crypto";
import type { Express } from "express";
import request from "supertest";
import { formatSqsdHeaders, sqsdUserAgent, type SqsdDelivery } from "../../src/protocol/headers.js";

export interface SqsdRequestOptions extends Partial<Omit<SqsdDelivery, "task">> {
  /** Makes this a periodic-task POST. */
  task?: { name: string; scheduledAt: Date };
  /** @default "3.0.4", the version seen on Amazon Linux 2023 */
  sqsdVersion?: string;
  /** @default "application/json" (sqsd's MimeType) */
  contentType?: string;
  /** Adds nginx's proxy headers as on Beanstalk. @default true */
  behindNginx?: boolean;
}

/** A fixed clock for the defaults, so logs and snapshots are stable. */
const SENT_AT = new Date("2023-08-15T13:57:53Z");

export function sqsdHeaders(options: SqsdRequestOptions = {}): Record<string, string> {
  const delivery: SqsdDelivery = {
    messageId: options.messageId ?? randomUUID(),
    receiveCount: options.receiveCount ?? 1,
    firstReceivedAt: options.firstReceivedAt ?? SENT_AT,
    sentAt: options.sentAt ?? SENT_AT,
    queue: options.queue ?? "awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0",
    senderId: options.senderId ?? "AROA4IQUC33B3Q35DSTBL:i-0879d7966a857453a",
    path: options.path ?? (options.task ? `/tasks/${options.task.name}` : "/"),
    attributes: options.attributes ?? {},
    task: options.task,
  };
  return {
    "Content-Type": options.contentType ?? "application/json",
    "User-Agent": sqsdUserAgent(options.sqsdVersion ?? "3.0.4"),
    ...(options.behindNginx === false
      ? {}
      : { "X-Real-IP": "127.0.0.1", "X-Forwarded-For": "127.0.0.1" }),
    ...formatSqsdHeaders(delivery),
  };
}

/** The JSON envelope of a job. */
export function job(type: string, payload: unknown): string {
  return JSON.stringify({ type, payload });
}

/** POSTs a job to the app as sqsd would. */
export function postJob(
  app: Express,
  type: string,
  payload: unknown,
  options: SqsdRequestOptions = {},
) {
  return request(app).post("/").set(sqsdHeaders(options)).send(job(type, payload));
}

/** POSTs a periodic task to the app as sqsd would: an empty body to /tasks/<name>. */
export function postTask(
  app: Express,
  name: string,
  scheduledAt: Date,
  options: SqsdRequestOptions = {},
) {
  return request(app)
    .post(`/tasks/${name}`)
    .set(sqsdHeaders({ ...options, task: { name, scheduledAt } }));
}
