/**
 * Whether this delivery is the last one: sqsd's `MaxRetries` (mirrored by WORKER_MAX_RETRIES)
 * counts receives, and after that many SQS's redrive moves the message to the dead-letter queue.
 * For a job type with a retry policy (src/retry/), its last attempt is final too: if it fails,
 * the app parks the message.
 */
import type { SqsdDelivery } from "../protocol/headers.js";

export function isFinalAttempt(
  delivery: SqsdDelivery,
  maxRetries: number,
  policy?: { attempt: number; attempts: number },
): boolean {
  return (
    delivery.receiveCount >= maxRetries ||
    (policy !== undefined && policy.attempt >= policy.attempts)
  );
}
