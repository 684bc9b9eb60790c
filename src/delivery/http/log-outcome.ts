/** One structured line per delivery outcome: what ops search for when a job misbehaves. */
import type { Logger } from "../../logger.js";
import { statusOf, type Outcome } from "../outcomes.js";
import { isFinalAttempt } from "../final-attempt.js";
import type { SqsdDelivery } from "../../protocol/headers.js";

export function logOutcome(
  log: Logger,
  fields: {
    delivery: SqsdDelivery;
    name: string | undefined;
    result: Outcome;
    durationMs: number;
    maxRetries: number;
  },
): void {
  const { delivery, result } = fields;
  const status = statusOf(result);
  const finalAttempt = status !== 200 && isFinalAttempt(delivery, fields.maxRetries);
  const sentAt = delivery.sentAt ?? delivery.firstReceivedAt;
  const line = {
    jobType: fields.name,
    task: delivery.task?.name,
    messageId: delivery.messageId,
    receiveCount: delivery.receiveCount,
    queueLagMs: Date.now() - sentAt.getTime(),
    durationMs: Math.round(fields.durationMs * 1000) / 1000,
    outcome: result.reason,
    ...(result.parkedFor ? { parkedFor: result.parkedFor } : {}),
    status,
    ...(finalAttempt ? { finalAttempt } : {}),
  };
  if (finalAttempt) {
    log.error(
      line,
      `final attempt failed (${delivery.receiveCount} of ${fields.maxRetries}): SQS moves the message to the dead-letter queue next: ${result.message}`,
    );
  } else if (status >= 500) {
    log.warn(line, `job will be retried: ${result.message}`);
  } else if (status !== 200) {
    log.warn(line, `job rejected: ${result.message}`);
  } else {
    log.info(line, "job outcome");
  }
}
