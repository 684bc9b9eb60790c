/**
 * Scenario 3: rolling deploys under load. Jobs keep arriving (most under a second, one in ten
 * taking 6 s); every few seconds the app gets SIGTERM, as Beanstalk's deploy sends it, and a new
 * app is started on the same port once the old one has exited.
 *
 * The proportions are AWS's defaults: ErrorVisibilityTimeout 2 s against a drain that lasts as
 * long as the longest running job (up to 6 s here; up to 30 s by default), so a message refused
 * during the drain comes back several times before the old app exits (issue 9, item 1). The gap
 * while the new app starts (a few seconds) costs a message at most one or two receives, as on an
 * instance.
 */
import { createInstance } from "../lib/instance.js";
import { startProducer } from "../lib/producer.js";
import type { ScenarioResult } from "../report/results.js";
import { countRunLines } from "../lib/ledger.js";
import { countsOf, round, waitFor, type ScenarioContext } from "./context.js";

const MAX_RECEIVE_COUNT = 5;
const JOBS_PER_SECOND = 8;
const LONG_JOB_MS = 6000;

export async function runRollingDeploy(context: ScenarioContext): Promise<ScenarioResult> {
  const { settings, log } = context;
  const label = "rolling-deploy";
  const instance = await createInstance({
    label,
    queue: context.queue,
    workDir: context.workDir,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    daemonOptions: {
      "http-connections": "10",
      "visibility-timeout": "30",
      "error-visibility-timeout": "2",
      "inactivity-timeout": "20",
      "drain-seconds": "15",
    },
    appEnv: { WORKER_JOB_TIMEOUT_SECONDS: "10", WORKER_SHUTDOWN_DEADLINE_SECONDS: "8" },
    log,
  });
  try {
    await instance.start();
    const producer = startProducer(context.queue.client, instance.pair.queueUrl, {
      perSecond: JOBS_PER_SECOND,
      maxJobs: JOBS_PER_SECOND * settings.deploySeconds * (settings.deploys + 1) + 100,
      label,
      job: (seq, id) => ({ id, workMs: seq % 10 === 9 ? LONG_JOB_MS : (seq % 9) * 100 }),
    });
    const pause = (): Promise<void> =>
      new Promise((resolve) => setTimeout(resolve, settings.deploySeconds * 1000));
    const drains: number[] = [];
    const restarts: number[] = [];
    try {
      // Under load means jobs running: the first deploy waits until they flow.
      await waitFor(() => countRunLines(instance.runsFile) >= 5, {
        intervalMs: 50,
        timeoutMs: 30_000,
      });
      for (let deploy = 1; deploy <= settings.deploys; deploy++) {
        await pause();
        const sigterm = performance.now();
        await instance.app.kill("SIGTERM");
        drains.push((performance.now() - sigterm) / 1000);
        const start = performance.now();
        await instance.app.start();
        restarts.push((performance.now() - start) / 1000);
        log(
          `${label}: deploy ${deploy}: old app exited ${drains.at(-1)?.toFixed(1)} s after SIGTERM, new one up in ${restarts.at(-1)?.toFixed(1)} s`,
        );
      }
      await pause();
    } finally {
      await producer.stop();
    }
    const finished = await instance.finish(producer.sent, 60_000);
    const counts = countsOf(finished);
    return {
      scenario: label,
      title: "Rolling deploys under load (SIGTERM, then a new app on the same port)",
      ...counts,
      figures: {
        ...counts.figures,
        deploys: settings.deploys,
        "longest SIGTERM-to-exit, s": round(Math.max(...drains), 2),
        "longest start of the new app, s": round(Math.max(...restarts), 2),
      },
      setup: `${JOBS_PER_SECOND} jobs/s (9 in 10 take 0–0.8 s, 1 in 10 takes ${LONG_JOB_MS / 1000} s) for ${settings.deploySeconds} s before and after each of ${settings.deploys} deploy(s). HttpConnections 10, VisibilityTimeout 30 s, ErrorVisibilityTimeout 2 s (AWS's default), InactivityTimeout 20 s, maxReceiveCount ${MAX_RECEIVE_COUNT}; WORKER_SHUTDOWN_DEADLINE_SECONDS 8, so the drain lasts as long as the longest running job. Every receive while the old app drains or the new one starts counts toward maxReceiveCount (issue 9, item 1).`,
    };
  } finally {
    await instance.close();
  }
}
