/**
 * Scenario 6: 50 connections, sustained. The daemon runs with HttpConnections 50 while jobs of
 * 50 ms keep arriving at about what 50 connections can take (1,000 a second), so every connection
 * stays busy for the whole run; the memory of both processes is sampled.
 */
import { createInstance } from "../lib/instance.js";
import { rssTrace, watchMemory } from "../lib/memory.js";
import { startProducer } from "../lib/producer.js";
import type { ScenarioResult } from "../report/results.js";
import { countsOf, round, type ScenarioContext } from "./context.js";

const JOBS_PER_SECOND = 1000;
const WORK_MS = 50;
const MAX_RECEIVE_COUNT = 5;

export async function runSustainedLoad(context: ScenarioContext): Promise<ScenarioResult> {
  const { settings, log } = context;
  const label = "load-50";
  const instance = await createInstance({
    label,
    queue: context.queue,
    workDir: context.workDir,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    daemonOptions: {
      "http-connections": "50",
      "visibility-timeout": "30",
      "error-visibility-timeout": "2",
      "inactivity-timeout": "20",
      "drain-seconds": "10",
    },
    appEnv: {},
    log,
  });
  try {
    await instance.start();
    const appMemory = watchMemory(instance.app.current(), 1000);
    const daemonMemory = watchMemory(instance.daemon.current(), 1000, false);
    const producer = startProducer(context.queue.client, instance.pair.queueUrl, {
      perSecond: JOBS_PER_SECOND,
      maxJobs: JOBS_PER_SECOND * settings.loadSeconds,
      label,
      job: (_seq, id) => ({ id, workMs: WORK_MS }),
    });
    const startedAt = performance.now();
    await new Promise((resolve) => setTimeout(resolve, settings.loadSeconds * 1000));
    await producer.stop();
    const sendSeconds = (performance.now() - startedAt) / 1000;
    // Generous: on a busy machine the backlog left when sending stops takes a while to drain.
    const finished = await instance.finish(producer.sent, 180_000);
    const app = await appMemory.stop();
    const daemon = await daemonMemory.stop();
    const counts = countsOf(finished);
    const peak = (samples: { rssMB: number }[]): number =>
      Math.max(0, ...samples.map((sample) => sample.rssMB));
    return {
      scenario: label,
      title: `50 connections for ${settings.loadSeconds} s`,
      ...counts,
      figures: {
        ...counts.figures,
        "jobs sent per second": round(producer.sent.length / sendSeconds),
        "app RSS peak, MB": peak(app),
        "daemon RSS peak, MB": peak(daemon),
        "app RSS over time": rssTrace(app),
        "daemon RSS over time": rssTrace(daemon),
      },
      setup: `Jobs of ${WORK_MS} ms sent at up to ${JOBS_PER_SECOND}/s for ${settings.loadSeconds} s. HttpConnections 50, VisibilityTimeout 30 s, ErrorVisibilityTimeout 2 s, maxReceiveCount ${MAX_RECEIVE_COUNT}; app with production defaults.`,
    };
  } finally {
    await instance.close();
  }
}
