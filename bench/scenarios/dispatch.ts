/**
 * Scenario 2: the cost of the worker app per delivery. autocannon (in the harness process)
 * POSTs a valid no-op job with real sqsd headers at 50 connections to the app, then the same
 * requests to a bare node:http server that only reads the body and answers 200.
 *
 * Each request carries a new X-Aws-Sqsd-Msgid: the app remembers completed ids, and a constant
 * id would measure its "already completed" short cut instead of running the job.
 */
import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { formatSqsdHeaders, sqsdUserAgent } from "../../src/protocol/headers.js";
import { spawnNode } from "../lib/child.js";
import { cpuSeconds } from "../lib/proc-stats.js";
import { NOOP_JOB_BODY } from "../lib/sqs.js";
import { startWorkerApp } from "../lib/worker-app.js";

export interface DispatchRun {
  target: "app" | "bare";
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** The server process's user + system CPU per request, ms. */
  cpuMsPerRequest: number;
  /** The load generator's own CPU per request: autocannon runs in the harness process. */
  loadGeneratorCpuMsPerRequest: number;
  /** Answers other than 2xx, and connection errors: both should be 0. */
  non2xx: number;
  errors: number;
}

export const DISPATCH_CONNECTIONS = 50;

/** The headers sqsd 3.0.4 sends with one message, minus the message id set per request. */
function sqsdRequestHeaders(): Record<string, string> {
  const now = new Date();
  return {
    "User-Agent": sqsdUserAgent("3.0.4"),
    "Content-Type": "application/json",
    ...formatSqsdHeaders({
      messageId: randomUUID(),
      receiveCount: 1,
      firstReceivedAt: now,
      sentAt: now,
      queue: "bench-dispatch",
      senderId: "AIDABENCHSENDER",
      path: "/",
      attributes: {},
      task: undefined,
    }),
  };
}

export async function runDispatch(
  target: DispatchRun["target"],
  server: { url: string; pid: number },
  durationSeconds: number,
  /** Send exactly this many requests instead (every answer awaited, so none is left in flight). */
  amount?: number,
  connections = DISPATCH_CONNECTIONS,
): Promise<DispatchRun> {
  const { url, pid } = server;
  const headers = sqsdRequestHeaders();
  const cpuBefore = cpuSeconds(pid);
  const harnessBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections,
    ...(amount === undefined ? { duration: durationSeconds } : { amount }),
    requests: [
      {
        method: "POST",
        path: "/",
        body: NOOP_JOB_BODY,
        headers,
        setupRequest: (request) => ({
          ...request,
          headers: { ...headers, "X-Aws-Sqsd-Msgid": randomUUID() },
        }),
      },
    ],
  });
  const cpuMs = (cpuSeconds(pid) - cpuBefore) * 1000;
  const harness = process.cpuUsage(harnessBefore);
  return {
    target,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    cpuMsPerRequest: cpuMs / Math.max(1, result.requests.total),
    loadGeneratorCpuMsPerRequest:
      (harness.user + harness.system) / 1000 / Math.max(1, result.requests.total),
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Starts the app and the bare server, warms both, then alternates runs between them. */
export async function runDispatchRounds(
  rounds: number,
  durationSeconds: number,
  log: (line: string) => void,
  /** Profile the app (not the bare server) into this folder. */
  cpuProfileDir?: string,
): Promise<{ app: DispatchRun[]; bare: DispatchRun[] }> {
  const app = await startWorkerApp({
    label: "dispatch-app",
    ...(cpuProfileDir ? { cpuProfileDir } : {}),
  });
  const bareChild = spawnNode("bench/processes/bare-http.ts", { label: "bare-http" });
  try {
    const ready = await bareChild.next("ready", 30_000);
    const targets = {
      app: { url: app.url, pid: app.child.pid },
      bare: { url: `http://127.0.0.1:${String(ready.port)}`, pid: bareChild.pid },
    };
    // One unmeasured second each: the JIT's first seconds are not what a worker lives in.
    await runDispatch("app", targets.app, 1);
    await runDispatch("bare", targets.bare, 1);
    const runs = { app: [] as DispatchRun[], bare: [] as DispatchRun[] };
    for (let round = 1; round <= rounds; round++) {
      for (const target of ["bare", "app"] as const) {
        const run = await runDispatch(target, targets[target], durationSeconds);
        log(
          `dispatch ${target} round ${round}: ${run.requestsPerSecond.toFixed(0)} req/s, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms`,
        );
        runs[target].push(run);
      }
    }
    return runs;
  } finally {
    await Promise.all([app.child.stop(), bareChild.stop()]);
  }
}
