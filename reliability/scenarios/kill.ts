/**
 * Scenario 1: kill -9 in the middle of a run. N jobs wait in the queue; the daemon (50
 * connections) POSTs them to the app; when 40 % have run, one process gets SIGKILL and is started
 * again at once (on the same port, for the app), as Beanstalk's supervisor does.
 */
import { createInstance } from "../lib/instance.js";
import { countRunLines } from "../lib/ledger.js";
import { sendJobs } from "../lib/queues.js";
import type { ScenarioResult } from "../report/results.js";
import { countsOf, jobIds, round, waitFor, type ScenarioContext } from "./context.js";

/** Times scaled down from .ebextensions so a redelivery after a lost delete comes within seconds. */
export const KILL_DAEMON_OPTIONS = {
  "http-connections": "50",
  "visibility-timeout": "6",
  "error-visibility-timeout": "2",
  "inactivity-timeout": "5",
  "drain-seconds": "10",
};
const KILL_APP_ENV = { WORKER_JOB_TIMEOUT_SECONDS: "5", WORKER_SHUTDOWN_DEADLINE_SECONDS: "5" };
const MAX_RECEIVE_COUNT = 5;

export async function runKill(
  context: ScenarioContext,
  victim: "app" | "daemon",
): Promise<ScenarioResult> {
  const { settings, log } = context;
  const label = `kill-${victim}`;
  const instance = await createInstance({
    label,
    queue: context.queue,
    workDir: context.workDir,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    daemonOptions: KILL_DAEMON_OPTIONS,
    appEnv: KILL_APP_ENV,
    log,
  });
  try {
    const ids = jobIds(label, settings.killJobs);
    await sendJobs(
      context.queue.client,
      instance.pair.queueUrl,
      ids.map((id) => ({ id })),
    );
    await instance.start();
    const killAt = Math.floor(ids.length * 0.4);
    const reached = await waitFor(() => countRunLines(instance.runsFile) >= killAt, {
      intervalMs: 20,
      timeoutMs: 60_000,
    });
    const runsAtKill = countRunLines(instance.runsFile);
    const target = victim === "app" ? instance.app : instance.daemon;
    await target.kill("SIGKILL");
    const restartStarted = performance.now();
    await target.start();
    const restartSeconds = (performance.now() - restartStarted) / 1000;
    log(`${label}: killed at ${runsAtKill} runs, restarted in ${restartSeconds.toFixed(1)} s`);
    const finished = await instance.finish(ids, 120_000);
    const counts = countsOf(finished);
    if (!reached) counts.notes.push(`the kill came late: only ${runsAtKill} runs after 60 s`);
    return {
      scenario: label,
      title: `kill -9 of the ${victim} in the middle of ${ids.length.toLocaleString("en")} jobs`,
      ...counts,
      figures: { ...counts.figures, runsAtKill, restartSeconds: round(restartSeconds, 2) },
      ...(victim === "app"
        ? {
            duplicatesUnavoidableBecause:
              "a job that had done its work when the app was killed, but whose 200 had not reached the daemon, is delivered again to the new app, which does not know it ran (the completed-id store lives in the killed process's memory)",
          }
        : {}),
      setup: `HttpConnections 50, VisibilityTimeout 6 s, ErrorVisibilityTimeout 2 s, InactivityTimeout 5 s, maxReceiveCount ${MAX_RECEIVE_COUNT}; SIGKILL once 40 % of the jobs have run, then the ${victim} is started again at once.`,
    };
  } finally {
    await instance.close();
  }
}
