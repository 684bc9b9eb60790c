/**
 * Scenario 3: on an idle queue, single messages sent one at a time; the time from SendMessage
 * returning to the probe job's handler starting (the probe app reports it over IPC with a
 * wall-clock timestamp taken the same way as the harness's).
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { Child, ChildMessage } from "../lib/child.js";
import { createQueue, deleteQueue, type QueueServer } from "../lib/queue.js";
import { percentile } from "../lib/stats.js";
import { PROBE_JOB_TYPE, wallClockMs } from "../lib/probe.js";
import type { Contender } from "./contenders.js";

export interface LatencyRun {
  messages: number;
  p50Ms: number;
  p99Ms: number;
  samplesMs: number[];
}

/** A message that never arrives fails the run after this long. */
const PER_MESSAGE_TIMEOUT_MS = 10_000;

export async function runLatency(
  sqs: SQSClient,
  queueUrl: string,
  probeApp: Child,
  messages: number,
): Promise<LatencyRun> {
  const started = new Map<number, number>();
  const waiting = new Map<number, () => void>();
  const unsubscribe = probeApp.on("probe", (message: ChildMessage) => {
    const seq = Number(message.seq);
    started.set(seq, Number(message.at));
    waiting.get(seq)?.();
  });
  try {
    return await measure(sqs, queueUrl, messages, started, waiting);
  } finally {
    unsubscribe();
  }
}

async function measure(
  sqs: SQSClient,
  queueUrl: string,
  messages: number,
  started: Map<number, number>,
  waiting: Map<number, () => void>,
): Promise<LatencyRun> {
  const samplesMs: number[] = [];
  for (let seq = 0; seq < messages; seq++) {
    const handled = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `Expected probe ${seq} to reach its handler within ${PER_MESSAGE_TIMEOUT_MS} ms, got nothing`,
          ),
        );
      }, PER_MESSAGE_TIMEOUT_MS);
      waiting.set(seq, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: JSON.stringify({ type: PROBE_JOB_TYPE, payload: { seq } }),
      }),
    );
    const sentAt = wallClockMs();
    if (started.has(seq)) waiting.get(seq)?.();
    await handled;
    waiting.delete(seq);
    samplesMs.push((started.get(seq) ?? NaN) - sentAt);
  }
  return {
    messages,
    p50Ms: percentile(samplesMs, 0.5),
    p99Ms: percentile(samplesMs, 0.99),
    samplesMs,
  };
}

/**
 * Starts the contender (daemon + probe app) on a fresh, empty queue, lets its long polls settle,
 * then runs `rounds` runs of `messages` single messages.
 */
export async function runLatencyRounds(
  contender: Contender,
  queue: QueueServer,
  rounds: number,
  messages: number,
  log: (line: string) => void,
): Promise<LatencyRun[]> {
  const queueUrl = await createQueue(queue.client, `${contender.id}-latency`);
  const started = await contender.start({ endpoint: queue.endpoint, queueUrl }, {});
  try {
    const app = started.processes.find((process) => process.role === "app")?.child;
    if (!app) throw new Error(`Expected ${contender.id} to have an app process, got none`);
    started.go();
    // Idle means every poller is waiting in a long poll: give them a moment to get there.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const runs: LatencyRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      const run = await runLatency(queue.client, queueUrl, app, messages);
      log(`latency round ${round}: p50 ${run.p50Ms.toFixed(1)} ms, p99 ${run.p99Ms.toFixed(1)} ms`);
      runs.push(run);
    }
    return runs;
  } finally {
    await started.stop();
    await deleteQueue(queue.client, queueUrl);
  }
}
