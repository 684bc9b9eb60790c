/**
 * Scenario 1 (with 4 and 5 measured alongside): N no-op jobs already in a fresh queue; each
 * contender drains it; timed from go to the first check that finds the queue empty (nothing
 * visible, nothing in flight). CPU is read from /proc before go and after empty; peak RSS is
 * VmHWM at the end (each contender's processes are fresh for every run).
 */
import { cpuSeconds, memoryUse } from "../lib/proc-stats.js";
import {
  createQueue,
  deleteQueue,
  preload,
  waitUntilEmpty,
  type QueueServer,
} from "../lib/queue.js";
import { NOOP_JOB_BODY } from "../lib/sqs.js";
import type { Contender, StartOptions } from "./contenders.js";

export interface ThroughputRun {
  contender: string;
  messages: number;
  seconds: number;
  messagesPerSecond: number;
  /** CPU milliseconds per job, by role ("app", "daemon", "consumer") and "queue" (fauxqs). */
  cpuMsPerJob: Record<string, number>;
  /**
   * CPU seconds per wall second over the run, by role: 1.0 is one core fully busy. A process
   * near its share of the machine is the bottleneck.
   */
  busyCores: Record<string, number>;
  /** VmHWM at the end of the run, by role, MB. */
  peakRssMB: Record<string, number>;
  /** VmRSS once loaded, before go, by role, MB. */
  idleRssMB: Record<string, number>;
}

export async function runThroughput(
  contender: Contender,
  queue: QueueServer,
  messages: number,
  options: StartOptions = {},
): Promise<ThroughputRun> {
  const queueUrl = await createQueue(queue.client, contender.id);
  // Start-up and pre-loading overlap; neither is timed.
  const [started] = await Promise.all([
    contender.start({ endpoint: queue.endpoint, queueUrl }, options),
    preload(queue.client, queueUrl, messages, NOOP_JOB_BODY),
  ]);
  try {
    const pids = [
      ...started.processes.map(({ role, child }) => ({ role, pid: child.pid })),
      { role: "queue", pid: queue.child.pid },
    ];
    const idleRssMB = Object.fromEntries(
      started.processes.map(({ role, child }) => [role, memoryUse(child.pid).rssMB]),
    );
    const cpuBefore = pids.map(({ pid }) => cpuSeconds(pid));
    const startedAt = performance.now();
    started.go();
    // A contender that crashes fails the run at once instead of at the empty-queue timeout.
    const crashed = Promise.race(started.processes.map(({ child }) => child.exited)).then(
      (why): never => {
        throw new Error(`Expected ${contender.id} to run until the queue is empty, but ${why}`);
      },
    );
    // Exits after the run are the normal stop; only the race below may report one.
    crashed.catch(() => undefined);
    const watching = new AbortController();
    const empty = waitUntilEmpty(queue.client, queueUrl, {
      intervalMs: 20,
      // Generous: on a machine shared with other work a run can drop to a few dozen msg/s.
      timeoutMs: Math.max(60_000, (messages / 20) * 1000),
      signal: watching.signal,
    });
    empty.catch(() => undefined);
    const emptyAt = await Promise.race([empty, crashed]).finally(() => {
      watching.abort();
    });
    const seconds = (emptyAt - startedAt) / 1000;
    const cpuUsed = pids.map(({ pid }, i) => cpuSeconds(pid) - (cpuBefore[i] ?? 0));
    const byRole = (value: (cpu: number) => number): Record<string, number> =>
      Object.fromEntries(pids.map(({ role }, i) => [role, value(cpuUsed[i] ?? NaN)]));
    const peakRssMB = Object.fromEntries(
      started.processes.map(({ role, child }) => [role, memoryUse(child.pid).peakRssMB]),
    );
    return {
      contender: contender.id,
      messages,
      seconds,
      messagesPerSecond: messages / seconds,
      cpuMsPerJob: byRole((cpu) => (cpu * 1000) / messages),
      busyCores: byRole((cpu) => cpu / seconds),
      peakRssMB,
      idleRssMB,
    };
  } finally {
    await started.stop();
    await deleteQueue(queue.client, queueUrl);
  }
}
