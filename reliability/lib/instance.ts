/**
 * One worker instance, end to end, as on Beanstalk: a worker queue with its dead-letter queue
 * (in fauxqs, the bench's queue server process), the fault proxy in front of fauxqs, the worker
 * app process and the daemon process POSTing to it. `finish` waits for the queue to empty,
 * stops both processes gracefully and counts the jobs.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../bench/lib/worker-app.js";
import { queueCounts, waitUntilEmpty, type QueueServer } from "../../bench/lib/queue.js";
import { startFaultProxy, type FaultKind, type FaultProxy } from "./fault-proxy.js";
import { tally, readRuns, type Tally } from "./ledger.js";
import { daemon, workerApp, type Supervised } from "./processes.js";
import { createQueuePair, drainIds, jobIdOf, type QueuePair } from "./queues.js";

export interface InstanceOptions {
  label: string;
  queue: QueueServer;
  workDir: string;
  /** The queue's redrive policy: receives before SQS dead-letters a message (sqsd's MaxRetries). */
  maxReceiveCount: number;
  /** sqsd options as `sqs-worker daemon` flags. */
  daemonOptions: Record<string, string>;
  /** WORKER_* settings of the app. */
  appEnv: Record<string, string>;
  fault?: { kind: FaultKind; rate: number; slowMs: number; seed: number };
  log: (line: string) => void;
}

export interface Instance {
  pair: QueuePair;
  proxy: FaultProxy;
  app: Supervised;
  daemon: Supervised;
  runsFile: string;
  start(): Promise<void>;
  finish(sentIds: readonly string[], timeoutMs: number): Promise<Finished>;
  /** Stops whatever still runs; safe to call after finish. */
  close(): Promise<void>;
}

export interface Finished {
  tally: Tally;
  crashes: string[];
  /** Messages still in the worker queue when the wait ended (counted as lost). */
  stillQueued: number;
  secondsToEmpty: number;
  /** Receives per job from the proxy's view of ReceiveMessage. */
  receives: { total: number; max: number; redelivered: number };
  /** Jobs received again after the daemon had asked to delete them (after their 200). */
  receivedAfterDelete: number;
  /** Deliveries the daemon settled as failed (a visibility change above 0: its retry path). */
  failedDeliveries: number;
}

export async function createInstance(options: InstanceOptions): Promise<Instance> {
  const { queue, label } = options;
  const pair = await createQueuePair(queue.client, label, options.maxReceiveCount);
  const proxy = await startFaultProxy({
    target: queue.endpoint,
    seed: options.fault?.seed ?? 1,
    rate: options.fault?.rate ?? 0,
    kind: options.fault?.kind,
    slowMs: options.fault?.slowMs ?? 0,
    jobIdOf,
  });
  const port = await freePort();
  const runsFile = join(options.workDir, `${label}.runs`);
  const emptyDir = join(options.workDir, "no-ebextensions");
  mkdirSync(emptyDir, { recursive: true });
  const app = workerApp(`${label}-app`, {
    port,
    runsFile,
    env: {
      // The app's own SQS calls (parking) go straight to fauxqs: only the daemon's are faulted.
      SQS_ENDPOINT: queue.endpoint,
      WORKER_DEAD_LETTER_QUEUE_URL: pair.deadLetterQueueUrl,
      WORKER_MAX_RETRIES: String(options.maxReceiveCount),
      ...options.appEnv,
    },
  });
  const sqsd = daemon(`${label}-daemon`, {
    endpoint: proxy.endpoint,
    queueUrl: pair.queueUrl,
    appPort: port,
    options: options.daemonOptions,
    emptyDir,
  });
  const startedAt = performance.now();

  const close = async (): Promise<void> => {
    await sqsd.kill("SIGKILL");
    await app.kill("SIGKILL");
    await proxy.close();
  };

  return {
    pair,
    proxy,
    app,
    daemon: sqsd,
    runsFile,
    async start() {
      await app.start();
      await sqsd.start();
    },
    async finish(sentIds, timeoutMs) {
      let stillQueued = 0;
      let emptyAt = performance.now();
      try {
        emptyAt = await waitUntilEmpty(queue.client, pair.queueUrl, {
          intervalMs: 100,
          timeoutMs,
        });
      } catch {
        const counts = await queueCounts(queue.client, pair.queueUrl);
        stillQueued = counts.visible + counts.inFlight + counts.delayed;
      }
      // Graceful stops: the daemon drains its POSTs and flushes its deletes first.
      const stopStarted = performance.now();
      await sqsd.kill("SIGTERM");
      await app.kill("SIGTERM");
      options.log(
        `${label}: ${stillQueued > 0 ? `${stillQueued} still queued` : "queue empty"} after ${((emptyAt - startedAt) / 1000).toFixed(1)} s; both processes stopped in ${((performance.now() - stopStarted) / 1000).toFixed(1)} s`,
      );
      const deadLettered = await drainIds(queue.client, pair.deadLetterQueueUrl);
      const counted = tally(sentIds, readRuns(runsFile), deadLettered.ids);
      const receiveCounts = sentIds.map((id) => proxy.receives.get(id) ?? 0);
      return {
        tally: counted,
        crashes: [...app.crashes, ...sqsd.crashes],
        stillQueued,
        secondsToEmpty: (emptyAt - startedAt) / 1000,
        receives: {
          total: receiveCounts.reduce((sum, n) => sum + n, 0),
          max: Math.max(0, ...receiveCounts),
          redelivered: receiveCounts.filter((n) => n > 1).length,
        },
        receivedAfterDelete: proxy.receivedAfterDelete.size,
        failedDeliveries: [...proxy.retriesAsked.values()].reduce((sum, n) => sum + n, 0),
      };
    },
    close,
  };
}
