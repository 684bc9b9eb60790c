import { ExplainedError } from "../errors.js";

/** Why a job was not put on the queue. Thrown before SQS is called whenever a rule can be checked locally. */
export class EnqueueError extends ExplainedError {
  override name = "EnqueueError";
}

/** One batch entry that SQS did not accept, or whose request failed outright. */
export interface FailedEntry {
  /** The entry's position in the list given to `enqueueBatch`. */
  index: number;
  type: string;
  /** SQS's error code (e.g. `InvalidParameterValue`), or the thrown error's name. */
  code: string;
  message: string;
}

/**
 * Some entries of `enqueueBatch` did not reach the queue. Every entry was attempted once; the
 * ones that did arrive are in `sent`, so the caller can retry exactly the failed ones.
 */
export class EnqueueBatchError extends EnqueueError {
  override name = "EnqueueBatchError";
  constructor(
    readonly failed: readonly FailedEntry[],
    readonly sent: readonly { index: number; messageId: string }[],
    options?: ErrorOptions,
  ) {
    const lines = failed.map((f) => `  - entry ${f.index} (${f.type}): ${f.code}: ${f.message}`);
    super(
      `Expected every batch entry to be sent, got ${failed.length} failed of ${failed.length + sent.length}:\n${lines.join("\n")}`,
      options,
    );
  }
}
