/**
 * Scenario 6: the real network. Against real SQS every call takes 5–30 ms, and then the time a
 * contender waits, not its CPU, decides its throughput: how many calls it keeps in flight. The
 * same end-to-end test as scenario 1, with every SQS call (the contenders', not the harness's
 * pre-loading and empty checks) held `delayMs` by a proxy in front of the embedded SQS.
 * Contenders at equal concurrency: 50 messages in flight (the daemon's HttpConnections 50;
 * sqs-consumer's and the ceiling's 5 pollers × 10).
 */
import { spawnNode, type Child } from "../lib/child.js";
import type { QueueServer } from "../lib/queue.js";
import type { DelayProxyOptions } from "../processes/delay-proxy.js";
import type { Contender } from "./contenders.js";
import { runThroughput, type ThroughputRun } from "./throughput.js";

export interface NetworkRun extends ThroughputRun {
  delayMs: number;
}

export async function startDelayProxy(
  queue: QueueServer,
  delayMs: number,
): Promise<{ endpoint: string; child: Child }> {
  const options: DelayProxyOptions = { target: queue.endpoint, delayMs };
  const child = spawnNode("bench/processes/delay-proxy.ts", {
    label: `delay-proxy-${delayMs}`,
    args: [JSON.stringify(options)],
  });
  const ready = await child.next("ready", 30_000);
  return { endpoint: `http://127.0.0.1:${String(ready.port)}`, child };
}

/** Round-robin over the contenders, once per added delay. */
export async function runNetworkRounds(
  contenders: readonly Contender[],
  queue: QueueServer,
  delaysMs: readonly number[],
  rounds: number,
  messages: number,
  log: (line: string) => void,
): Promise<NetworkRun[]> {
  const runs: NetworkRun[] = [];
  for (const delayMs of delaysMs) {
    const proxy = await startDelayProxy(queue, delayMs);
    try {
      for (let round = 1; round <= rounds; round++) {
        for (const contender of contenders) {
          const run = await runThroughput(
            contender,
            { ...queue, endpoint: proxy.endpoint },
            messages,
          );
          log(
            `network +${delayMs} ms ${contender.id} round ${round}: ${run.messagesPerSecond.toFixed(0)} msg/s`,
          );
          runs.push({ ...run, delayMs });
        }
      }
    } finally {
      await proxy.child.stop();
    }
  }
  return runs;
}
