/**
 * The one log line per request: for a delivery, everything ops search for when a job misbehaves
 * (job type, message id, receive count, queue lag, duration, outcome) together with the HTTP
 * facts an access log carries (method, path, status, response time); for any other request
 * (a health check, a refused peer), the HTTP facts and the outcome.
 *
 * Levels: a job done at info; a parked job, a rejected one or a retried one at warn; a failed
 * attempt of the handler at error with the handler's own error and stack; the final attempt at
 * error.
 */
import type { Logger } from "../../logger.js";
import type { Outcome } from "../outcomes.js";
import { isFinalAttempt } from "../final-attempt.js";
import type { SqsdDelivery } from "../../protocol/headers.js";
import type { DeliveryMetrics } from "../../metrics/job-metrics.js";
import { messageTraceId } from "../../tracing/trace-context.js";

export interface ResponseFacts {
  method: string;
  /** The request's url as sent (path and query). */
  path: string;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /** What the headers said, when the request was a readable sqsd delivery. */
  delivery: SqsdDelivery | undefined;
  /** `performance.now()` once the delivery's headers were read. */
  deliveryStartedAt: number;
  /** The job type or task name, when known. */
  name: string | undefined;
  /** How the request ended; none for an answer that is not an outcome (the health check). */
  result: Outcome | undefined;
  status: number;
  /** What the handler threw, on a failed attempt: logged with its stack. */
  error: Error | undefined;
}

/** `metrics`: where each delivery's outcome is also counted (src/metrics), when metrics are on. */
export function logOutcome(
  log: Logger,
  facts: ResponseFacts,
  maxRetries: number,
  metrics?: DeliveryMetrics,
): void {
  const { delivery, result, status } = facts;
  const now = performance.now();
  const responseTime = round(now - facts.receivedAt);
  if (!delivery || !result) {
    const line = {
      method: facts.method,
      path: facts.path,
      outcome: result?.reason,
      status,
      responseTime,
    };
    if (status < 400) log.info(line, "request");
    else log.warn(line, `request refused: ${result?.message ?? String(status)}`);
    return;
  }
  const finalAttempt = status !== 200 && isFinalAttempt(delivery, maxRetries);
  const sentAt = delivery.sentAt ?? delivery.firstReceivedAt;
  const line = {
    jobType: facts.name,
    task: delivery.task?.name,
    messageId: delivery.messageId,
    traceId: messageTraceId(delivery.attributes),
    receiveCount: delivery.receiveCount,
    queueLagMs: Date.now() - sentAt.getTime(),
    durationMs: round(now - facts.deliveryStartedAt),
    outcome: result.reason,
    parkedFor: result.parkedFor,
    status,
    finalAttempt: finalAttempt || undefined,
    method: facts.method,
    path: facts.path,
    responseTime,
    err: facts.error,
    ...result.details,
  };
  metrics?.recordDelivery(facts.name, delivery, result.reason, line.durationMs, line.queueLagMs);
  if (finalAttempt) {
    log.error(
      line,
      `final attempt failed (${delivery.receiveCount} of ${maxRetries}): SQS moves the message to the dead-letter queue next: ${result.message}`,
    );
  } else if (facts.error) {
    log.error(line, `job failed, will be retried: ${result.message}`);
  } else if (result.reason === "parked") {
    log.warn(line, `job parked: ${result.message}`);
  } else if (status >= 500) {
    log.warn(line, `job will be retried: ${result.message}`);
  } else if (status !== 200) {
    log.warn(line, `job rejected: ${result.message}`);
  } else if (result.reason.startsWith("skipped-")) {
    log.info(line, `task ${result.message}`);
  } else {
    log.info(line, "job outcome");
  }
}

/** Milliseconds to the microsecond: enough to compare, short to print. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
