// Placeholder types; the producer is built in its own change.
import type { JobPayloads } from "../jobs/index.js";

export interface EnqueueOptions {
  /** Seconds before the job becomes visible, 0–900. */
  delaySeconds?: number;
  /** FIFO queues: the message group. */
  groupId?: string;
  /** FIFO queues: the deduplication id. */
  deduplicationId?: string;
}

export type Enqueue = <Type extends keyof JobPayloads>(
  type: Type,
  payload: JobPayloads[Type],
  options?: EnqueueOptions,
) => Promise<{ messageId: string }>;
