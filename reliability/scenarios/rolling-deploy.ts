/**
 * Scenario 3: rolling deploys under load. Jobs keep arriving (some taking up to 0.8 s); every few
 * seconds the app gets SIGTERM, as Beanstalk's deploy sends it, and a new app is started on the
 * same port once the old one has exited. Times are .ebextensions' divided by 30.
 */
import { createInstance } from "../lib/instance.js";
import { startProducer } from "../lib/producer.js";
import type { ScenarioResult } from "../report/results.js";
import { countsOf, round, type ScenarioContext } from "./context.js";

const MAX_RECEIVE_COUNT = 5;
const JOBS_PER_SECOND = 20;

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
      "visibility-timeout": "20",
      "error-visibility-timeout": "1",
      "inactivity-timeout": "13",
      "drain-seconds": "15",
    },
    appEnv: { WORKER_JOB_TIMEOUT_SECONDS: "10", WORKER_SHUTDOWN_DEADLINE_SECONDS: "1" },
    log,
  });
  try {
    await instance.start();
    const producer = startProducer(context.queue.client, instance.pair.queueUrl, {
      perSecond: JOBS_PER_SECOND,
      maxJobs: JOBS_PER_SECOND * settings.deploySeconds * (settings.deploys + 1) + 100,
      label,
      job: (seq, id) => ({ id, workMs: (seq % 9) * 100 }),
    });
    const pause = (): Promise<void> =>
      new Promise((resolve) => setTimeout(resolve, settings.deploySeconds * 1000));
    const drains: number[] = [];
    const restarts: number[] = [];
    try {
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
      setup: `${JOBS_PER_SECOND} jobs/s of 0–0.8 s each for ${settings.deploySeconds} s before and after each of ${settings.deploys} deploy(s). HttpConnections 10, VisibilityTimeout 20 s, ErrorVisibilityTimeout 1 s, InactivityTimeout 13 s, maxReceiveCount ${MAX_RECEIVE_COUNT}; WORKER_SHUTDOWN_DEADLINE_SECONDS 1 (.ebextensions' 30 s and 30 s divided by 30). A job still running at the drain deadline is aborted and retried; every receive while the app drains or restarts counts toward maxReceiveCount (issue 9, item 1).`,
    };
  } finally {
    await instance.close();
  }
}
