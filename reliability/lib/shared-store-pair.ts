/**
 * Two worker instances on one queue and one idempotency store, as Beanstalk runs a scaled-out
 * worker tier: each instance is a worker app (the Procfile's command, plus the probe job) with its
 * own daemon, both apps on the DynamoDB store of one table on dynalite (src/local/embedded-dynamodb.ts,
 * in the harness's process). Both apps append to one runs file, each line with its pid.
 */
import { mkdirSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "../../bench/lib/worker-app.js";
import type { QueueServer } from "../../bench/lib/queue.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { startFaultProxy, type FaultProxy } from "./fault-proxy.js";
import { daemon, workerApp, type Supervised } from "./processes.js";
import { createQueuePair, jobIdOf, type QueuePair } from "./queues.js";

export interface SharedStorePairOptions {
  label: string;
  queue: QueueServer;
  workDir: string;
  maxReceiveCount: number;
  daemonOptions: Record<string, string>;
  appEnv: Record<string, string>;
}

export interface WorkerInstance {
  app: Supervised;
  daemon: Supervised;
}

export interface SharedStorePair {
  pair: QueuePair;
  dynamo: EmbeddedDynamoDb;
  /** Counts receives per job id: no faults, both daemons go through it. */
  proxy: FaultProxy;
  instances: [WorkerInstance, WorkerInstance];
  runsFile: string;
  start(): Promise<void>;
  /** SIGTERM to whatever still runs: daemons first, so they drain their POSTs. */
  stop(): Promise<void>;
  /** SIGKILL to everything, then the store and the proxy; safe after stop. */
  close(): Promise<void>;
}

export async function createSharedStorePair(
  options: SharedStorePairOptions,
): Promise<SharedStorePair> {
  const { queue, label } = options;
  const pair = await createQueuePair(queue.client, label, options.maxReceiveCount);
  const dynamo = await startEmbeddedDynamoDb({ table: `reliability-${label}` });
  const proxy = await startFaultProxy({
    target: queue.endpoint,
    seed: 1,
    rate: 0,
    kind: undefined,
    slowMs: 0,
    jobIdOf,
  });
  const runsFile = join(options.workDir, `${label}.runs`);
  const emptyDir = join(options.workDir, "no-ebextensions");
  mkdirSync(emptyDir, { recursive: true });
  const startInstance = async (name: string): Promise<WorkerInstance> => {
    const port = await freePort();
    return {
      app: workerApp(`${label}-${name}-app`, {
        port,
        runsFile,
        env: {
          SQS_ENDPOINT: queue.endpoint,
          WORKER_DEAD_LETTER_QUEUE_URL: pair.deadLetterQueueUrl,
          WORKER_MAX_RETRIES: String(options.maxReceiveCount),
          WORKER_IDEMPOTENCY_STORE: "dynamodb",
          WORKER_IDEMPOTENCY_TABLE: dynamo.table,
          DYNAMODB_ENDPOINT: dynamo.endpoint,
          ...options.appEnv,
        },
      }),
      daemon: daemon(`${label}-${name}-daemon`, {
        endpoint: proxy.endpoint,
        queueUrl: pair.queueUrl,
        appPort: port,
        options: options.daemonOptions,
        emptyDir,
      }),
    };
  };
  const instances: [WorkerInstance, WorkerInstance] = [
    await startInstance("one"),
    await startInstance("two"),
  ];
  const everyProcess = (): Supervised[] => instances.flatMap(({ app, daemon }) => [daemon, app]);
  return {
    pair,
    dynamo,
    proxy,
    instances,
    runsFile,
    async start() {
      for (const { app, daemon } of instances) {
        await app.start();
        await daemon.start();
      }
    },
    async stop() {
      await Promise.all(instances.map(({ daemon }) => daemon.kill("SIGTERM")));
      await Promise.all(instances.map(({ app }) => app.kill("SIGTERM")));
    },
    async close() {
      for (const process of everyProcess()) await process.kill("SIGKILL");
      await proxy.close();
      await dynamo.stop();
    },
  };
}

/** Each run's pid, in order, per job id (`<id> <pid> <receive count>` per line of the runs file). */
export function runPidsById(runsFile: string): Map<string, number[]> {
  const runs = new Map<string, number[]>();
  if (!existsSync(runsFile)) return runs;
  for (const line of readFileSync(runsFile, "utf8").split("\n")) {
    const [id, pid] = line.split(" ");
    if (id && pid) runs.set(id, [...(runs.get(id) ?? []), Number(pid)]);
  }
  return runs;
}
