/**
 * The bulk half of `enqueue --file`: batches of 10 (SQS's batch size), a few batches in flight,
 * a progress bar, and a report naming the line of every job that did not reach the queue. On
 * Ctrl-C the requests in flight are aborted and one line says how far it got.
 *
 * Order: a message group says "in this order" (FIFO queues keep it within a group). A batch is
 * sent only after every earlier batch with one of its groups has been answered, so the batches
 * in flight never hold two parts of one group; batches without a group, or with distinct groups,
 * still go in parallel.
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

/** The message group of a line, as the producer will send it; undefined when it has none. */
function groupOf(job: JobLine, defaults: EnqueueOptions): string | undefined {
  const groupId = job.options?.groupId ?? defaults.groupId;
  return typeof groupId === "string" ? groupId : undefined;
}

/**
 * Per group, the batch sent last: a batch waits for these before it is sent. Batches are taken
 * from the file in order and only wait for earlier ones, so the waits cannot form a cycle.
 */
function createGroupOrder(defaults: EnqueueOptions) {
  const lastOfGroup = new Map<string, Promise<void>>();
  return {
    /** Waits for the earlier batches of the same groups; call `done` once this one is answered. */
    async turnOf(batch: JobLine[]): Promise<{ done(): void }> {
      const groups = new Set(batch.flatMap((job) => groupOf(job, defaults) ?? []));
      const earlier = [...groups].flatMap((group) => lastOfGroup.get(group) ?? []);
      let done = (): void => undefined;
      const answered = new Promise<void>((resolve) => {
        done = resolve;
      });
      for (const group of groups) lastOfGroup.set(group, answered);
      await Promise.all(earlier);
      return { done };
    },
  };
}

export async function sendJobLines(
  producer: Producer,
  lines: JobLine[],
  defaults: EnqueueOptions,
  context: CliContext,
): Promise<number> {
  const progress = createProgressBar(context.stderr, lines.length, "enqueue");
  const failures: Failure[] = [];
  const order = createGroupOrder(defaults);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < lines.length && !context.signal.aborted) {
      const batch = lines.slice(next, next + BATCH_SIZE);
      next += batch.length;
      const turn = await order.turnOf(batch);
      try {
        failures.push(...(await sendBatch(producer, batch, defaults, context.signal)));
      } finally {
        turn.done();
      }
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
