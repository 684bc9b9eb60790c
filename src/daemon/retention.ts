/**
 * sqsd's retention check (docs/protocol.md §1.4): a message first received more than
 * RetentionPeriod seconds ago is deleted without being POSTed, before SQS's own retention would.
 */
export function isExpired(
  firstReceivedAtMs: number,
  retentionSeconds: number,
  nowMs: number,
): boolean {
  return firstReceivedAtMs + retentionSeconds * 1000 < nowMs;
}
