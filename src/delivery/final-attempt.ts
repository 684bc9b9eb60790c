/**
 * Whether this delivery is the last one: sqsd's `MaxRetries` (mirrored by WORKER_MAX_RETRIES)
 * counts receives, and after that many SQS's redrive moves the message to the dead-letter queue.
 */
import type { SqsdDelivery } from "../protocol/headers.js";

export function isFinalAttempt(delivery: SqsdDelivery, maxRetries: number): boolean {
  return delivery.receiveCount >= maxRetries;
}
