/**
 * Body limits: a message SQS accepts (up to 1 MiB) must get through nginx
 * (client_max_body_size) and the app (WORKER_BODY_LIMIT_BYTES). Either rejecting it means a 413,
 * which sqsd retries until the message lands in the dead-letter queue.
 */
import { SQS_MAX_MESSAGE_BYTES } from "../protocol/sqs-limits.js";
import type { Deployment } from "./deployment.js";
import { bytes, comparable, describe, got } from "./setting.js";

export function checkBodyLimits(deployment: Deployment): string[] {
  const problems: string[] = [];
  const app = deployment.app.bodyLimitBytes;
  const nginx = deployment.nginx.clientMaxBodySize;
  if (comparable(app) && app.value < SQS_MAX_MESSAGE_BYTES) {
    problems.push(
      `${app.where}: expected WORKER_BODY_LIMIT_BYTES at least ${SQS_MAX_MESSAGE_BYTES} bytes (the largest SQS message), got ${got(app, bytes)}. Larger messages would be answered 413 and end in the dead-letter queue.`,
    );
  }
  // 0 disables nginx's check.
  const needed = comparable(app)
    ? Math.max(app.value, SQS_MAX_MESSAGE_BYTES)
    : SQS_MAX_MESSAGE_BYTES;
  if (comparable(nginx) && nginx.value !== 0 && nginx.value < needed) {
    problems.push(
      `${nginx.where}: expected client_max_body_size at least WORKER_BODY_LIMIT_BYTES ${describe(app, bytes)} and the largest SQS message (${SQS_MAX_MESSAGE_BYTES} bytes), got ${got(nginx, bytes)}. nginx would answer 413 before the app sees the message.`,
    );
  }
  return problems;
}
