/**
 * Jobs that keep arriving while a scenario runs: `perSecond` jobs a second, in batches of 10,
 * until stopped or until `maxJobs` have been sent (a bound, whatever happens).
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { sendJobs, type ProbeJob } from "./queues.js";

export interface Producer {
  /** Ids sent so far. */
  readonly sent: string[];
  /** Stops sending and resolves once the last batch is accepted. */
  stop(): Promise<void>;
}

export function startProducer(
  client: SQSClient,
  queueUrl: string,
  options: {
    perSecond: number;
    maxJobs: number;
    job: (seq: number, id: string) => ProbeJob;
    label: string;
  },
): Producer {
  const sent: string[] = [];
  let stopped = false;
  // A function, so the compiler does not narrow the flag across awaits.
  const isStopped = (): boolean => stopped;
  const intervalMs = (10 / options.perSecond) * 1000;
  const loop = (async () => {
    let nextAt = performance.now();
    while (!isStopped() && sent.length < options.maxJobs) {
      const batch = Array.from({ length: 10 }, (_, i) => {
        const seq = sent.length + i;
        return options.job(seq, `${options.label}-${seq}`);
      });
      await sendJobs(client, queueUrl, batch);
      sent.push(...batch.map((job) => job.id));
      nextAt += intervalMs;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, nextAt - performance.now())));
    }
  })();
  return {
    sent,
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
