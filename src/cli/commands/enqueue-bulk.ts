/**
 * The bulk half of `enqueue --file`: batches of 10 (SQS's batch size), a few batches in flight,
 * a progress bar, and a report naming the line of every job that did not reach the queue. On
 * Ctrl-C the requests in flight are aborted and one line says how far it got.
 */
import { EnqueueBatchError, EnqueueError } from "../../producer/errors.js";
import type { BatchEntry, EnqueueOptions, Producer } from "../../producer/producer.js";
import { INTERRUPTED_EXIT_CODE, type CliContext } from "../command.js";
import type { JobLine } from "../ndjson-jobs.js";
import { createProgressBar } from "../progress-bar.js";
import { SQS_MAX_BATCH_ENTRIES as BATCH_SIZE } from "../../protocol/sqs-limits.js";

const BATCHES_IN_FLIGHT = 8;

interface Failure {
  line: number;
  message: string;
  /** Its request was aborted by Ctrl-C: it may or may not have reached the queue. */
  cutShort: boolean;
}

/** An SQS request aborted by the command's signal (the SDK names it AbortError). */
function isAbort(name: string, signal: AbortSignal): boolean {
  return signal.aborted && name === "AbortError";
}

async function sendBatch(
  producer: Producer,
  batch: JobLine[],
  defaults: EnqueueOptions,
  signal: AbortSignal,
): Promise<Failure[]> {
  // The file's types are text; the producer checks each type and payload at run time.
  const entries = batch.map(
    (job) =>
      ({
        type: job.type,
        payload: job.payload,
        options: { ...defaults, ...job.options },
      }) as BatchEntry,
  );
  try {
    await producer.enqueueBatch(entries, { signal });
    return [];
  } catch (error) {
    if (error instanceof EnqueueBatchError) {
      return error.failed.map((failed) => ({
        line: batch[failed.index]?.line ?? 0,
        message: `${failed.code}: ${failed.message}`,
        cutShort: isAbort(failed.code, signal),
      }));
    }
    if (isAbort((error as Error).name, signal)) {
      return batch.map((job) => ({ line: job.line, message: "aborted", cutShort: true }));
    }
    if (!(error instanceof EnqueueError)) throw error;
    // One invalid entry stops the whole batch; send the rest one by one to name exactly the bad ones.
    const failures: Failure[] = [];
    for (const [index, job] of batch.entries()) {
      try {
        await producer.enqueueByName(job.type, job.payload, { ...entries[index]?.options, signal });
      } catch (single) {
        const cutShort = isAbort((single as Error).name, signal);
        if (!cutShort && !(single instanceof EnqueueError)) throw single;
        failures.push({ line: job.line, message: (single as Error).message, cutShort });
      }
    }
    return failures;
  }
}

export async function sendJobLines(
  producer: Producer,
  lines: JobLine[],
  defaults: EnqueueOptions,
  context: CliContext,
): Promise<number> {
  const progress = createProgressBar(context.stderr, lines.length, "enqueue");
  const failures: Failure[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lines.length && !context.signal.aborted) {
      const batch = lines.slice(next, next + BATCH_SIZE);
      next += batch.length;
      failures.push(...(await sendBatch(producer, batch, defaults, context.signal)));
      progress.advance(batch.length);
    }
  };
  await Promise.all(Array.from({ length: BATCHES_IN_FLIGHT }, worker));
  progress.finish();
  const cutShort = failures.filter((failure) => failure.cutShort).length;
  const refused = failures.filter((failure) => !failure.cutShort).sort((a, b) => a.line - b.line);
  const sent = Math.min(next, lines.length) - failures.length;
  if (context.signal.aborted) {
    context.stderr.write(
      `Interrupted: enqueued ${sent} of ${lines.length} job(s); ${cutShort} cut short in flight (they may have arrived), ${lines.length - next} not sent.\n`,
    );
  } else {
    context.stderr.write(`Enqueued ${sent} of ${lines.length} job(s).\n`);
  }
  for (const failure of refused)
    context.stderr.write(`  line ${failure.line}: ${failure.message}\n`);
  if (context.signal.aborted) return INTERRUPTED_EXIT_CODE;
  return refused.length === 0 ? 0 : 1;
}
