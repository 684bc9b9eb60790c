/**
 * Scenario 8: what the DynamoDB idempotency store costs the app per job. Two copies of the real
 * app (src/server.ts, production defaults), one with the memory store and one with the DynamoDB
 * store against dynalite (in this harness process, in memory, on port 0), take the dispatch
 * scenario's load (autocannon, a new message id per request) in alternating rounds, at 10
 * connections: dynalite answers a few hundred calls a second at best, and 50 requests queued
 * behind it time out on a busy machine. Each run sends a fixed number of jobs and awaits every answer, so no job (and none of
 * its DynamoDB calls) is left in flight to be counted in the next run.
 *
 * Only the app process's CPU is counted (/proc/<pid>): dynalite's CPU is not DynamoDB's and runs
 * here, in the harness. DynamoDB calls are counted by a proxy between the app and dynalite, by
 * operation (X-Amz-Target), so every call the app makes is seen: claim, complete and any reads.
 */
import { startEmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { startDynamoDbCallCounter } from "../lib/dynamodb-call-counter.js";
import { summarize, type Summary } from "../lib/stats.js";
import { startWorkerApp } from "../lib/worker-app.js";
import { runDispatch, type DispatchRun } from "./dispatch.js";

export interface StoreRun {
  store: "memory" | "dynamodb";
  jobsPerSecond: number;
  /** The app process's user + system CPU per job, µs. */
  appCpuMicrosPerJob: number;
  /** DynamoDB calls per job, by operation ("PutItem", "UpdateItem", ...). */
  callsPerJob: Record<string, number>;
}

export interface IdempotencyStoreResult {
  jobsPerRun: number;
  rounds: number;
  connections: number;
  memory: { jobsPerSecond: Summary; appCpuMicrosPerJob: Summary };
  dynamodb: {
    jobsPerSecond: Summary;
    appCpuMicrosPerJob: Summary;
    callsPerJob: Record<string, Summary>;
  };
  /** DynamoDB store ÷ memory store, app CPU per job, round by round. */
  cpuRatio: Summary;
  /** DynamoDB store − memory store, app CPU per job in µs, round by round. */
  extraCpuMicros: Summary;
}

const CONNECTIONS = 10;

export async function runIdempotencyStoreRounds(
  rounds: number,
  jobsPerRun: number,
  log: (line: string) => void,
  /** Profile both apps into this folder (node --cpu-prof). */
  cpuProfileDir?: string,
): Promise<IdempotencyStoreResult> {
  const profile = cpuProfileDir ? { cpuProfileDir } : {};
  const dynamo = await startEmbeddedDynamoDb({ table: "bench-idempotency" });
  const counter = await startDynamoDbCallCounter(dynamo.endpoint);
  const calls = counter.calls;
  const apps: Awaited<ReturnType<typeof startWorkerApp>>[] = [];
  try {
    const memory = await startWorkerApp({
      label: "store-memory",
      env: { WORKER_IDEMPOTENCY_STORE: "memory" },
      ...profile,
    });
    apps.push(memory);
    const dynamodb = await startWorkerApp({
      label: "store-dynamodb",
      env: {
        WORKER_IDEMPOTENCY_STORE: "dynamodb",
        WORKER_IDEMPOTENCY_TABLE: dynamo.table,
        DYNAMODB_ENDPOINT: counter.endpoint,
      },
      ...profile,
    });
    apps.push(dynamodb);
    const targets = {
      memory: { url: memory.url, pid: memory.child.pid },
      dynamodb: { url: dynamodb.url, pid: dynamodb.child.pid },
    };
    // One unmeasured second each: the JIT's first seconds are not what a worker lives in.
    const warmUp = Math.max(50, Math.round(jobsPerRun / 4));
    await runDispatch("app", targets.memory, 0, warmUp, CONNECTIONS);
    await runDispatch("app", targets.dynamodb, 0, warmUp, CONNECTIONS);
    const runs: StoreRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const store of ["memory", "dynamodb"] as const) {
        calls.clear();
        const run = await runDispatch("app", targets[store], 0, jobsPerRun, CONNECTIONS);
        const storeRun = toStoreRun(store, run, jobsPerRun, calls);
        log(
          `idempotency-store ${store} round ${round}: ${storeRun.jobsPerSecond.toFixed(0)} jobs/s, ${storeRun.appCpuMicrosPerJob.toFixed(0)} µs app CPU/job, ${formatCalls(storeRun.callsPerJob)}`,
        );
        runs.push(storeRun);
      }
    }
    return summarizeStoreRuns(runs, rounds, jobsPerRun);
  } finally {
    await Promise.all(apps.map((app) => app.child.stop()));
    await counter.stop();
    await dynamo.stop();
  }
}

function toStoreRun(
  store: StoreRun["store"],
  run: DispatchRun,
  jobs: number,
  calls: Map<string, number>,
): StoreRun {
  if (run.non2xx > 0 || run.errors > 0) {
    throw new Error(
      `Expected only 2xx from the ${store} store app, got ${run.non2xx} non-2xx and ${run.errors} errors`,
    );
  }
  return {
    store,
    jobsPerSecond: run.requestsPerSecond,
    appCpuMicrosPerJob: run.cpuMsPerRequest * 1000,
    callsPerJob: Object.fromEntries(
      [...calls].map(([operation, count]) => [operation, count / jobs]),
    ),
  };
}

function summarizeStoreRuns(
  runs: readonly StoreRun[],
  rounds: number,
  jobsPerRun: number,
): IdempotencyStoreResult {
  const memory = runs.filter((run) => run.store === "memory");
  const dynamodb = runs.filter((run) => run.store === "dynamodb");
  const cpu = (mine: readonly StoreRun[]) => mine.map((run) => run.appCpuMicrosPerJob);
  const operations = [...new Set(dynamodb.flatMap((run) => Object.keys(run.callsPerJob)))];
  const callsPerJob = Object.fromEntries(
    operations.map((operation) => [
      operation,
      summarize(dynamodb.map((run) => run.callsPerJob[operation] ?? 0)),
    ]),
  );
  callsPerJob.total = summarize(
    dynamodb.map((run) => Object.values(run.callsPerJob).reduce((sum, n) => sum + n, 0)),
  );
  const byRound = (combine: (dynamo: number, memory: number) => number) =>
    summarize(
      dynamodb.map((run, i) =>
        combine(run.appCpuMicrosPerJob, memory[i]?.appCpuMicrosPerJob ?? NaN),
      ),
    );
  return {
    jobsPerRun,
    rounds,
    connections: CONNECTIONS,
    memory: {
      jobsPerSecond: summarize(memory.map((run) => run.jobsPerSecond)),
      appCpuMicrosPerJob: summarize(cpu(memory)),
    },
    dynamodb: {
      jobsPerSecond: summarize(dynamodb.map((run) => run.jobsPerSecond)),
      appCpuMicrosPerJob: summarize(cpu(dynamodb)),
      callsPerJob,
    },
    cpuRatio: byRound((d, m) => d / m),
    extraCpuMicros: byRound((d, m) => d - m),
  };
}

const formatCalls = (callsPerJob: Record<string, number>): string =>
  Object.entries(callsPerJob)
    .map(([operation, perJob]) => `${operation} ${perJob.toFixed(2)}/job`)
    .join(", ") || "no DynamoDB calls";
