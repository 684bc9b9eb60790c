/**
 * Verdicts kept for messages that failed permanently but could not be parked (the copy broke one
 * of SQS's limits). The message cannot be deleted (it would be lost) and must not run again (the
 * handler said it never will succeed, and it may have side effects), so each redelivery gets the
 * same non-200 answer until SQS's redrive moves the original after MaxRetries receives.
 *
 * By SQS message id, in memory, bounded like the completed store: a redelivery that reaches
 * another instance runs the handler there once more, and that instance keeps its own verdict.
 */
import type { Outcome } from "./outcomes.js";

export interface KeptVerdict {
  outcome: Outcome;
  name: string | undefined;
}

export class KeptVerdicts {
  private readonly verdicts = new Map<string, KeptVerdict>();

  constructor(private readonly maxKept: number) {}

  keep(messageId: string, verdict: KeptVerdict): void {
    if (this.maxKept === 0) return;
    this.verdicts.delete(messageId);
    this.verdicts.set(messageId, verdict);
    if (this.verdicts.size > this.maxKept) {
      const oldest = this.verdicts.keys().next();
      if (!oldest.done) this.verdicts.delete(oldest.value);
    }
  }

  recall(messageId: string): KeptVerdict | undefined {
    return this.verdicts.get(messageId);
  }
}
