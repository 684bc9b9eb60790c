/**
 * Scenario 4: slow jobs near the timeout chain's limits, with .ebextensions' chain divided by 75
 * (job timeout 300 s → 4 s, InactivityTimeout 390 s → 5 s, VisibilityTimeout 600 s → 8 s) and its
 * 10 connections (so 10 more messages wait in the daemon's backlog). Nine jobs in ten take
 * 3.6–3.95 s; one in ten ignores its signal and takes 4.5 s, as send-email over a slow SMTP server
 * can (nodemailer takes no signal).
 */
import { createInstance } from "../lib/instance.js";
import { sendJobs, type ProbeJob } from "../lib/queues.js";
import type { ScenarioResult } from "../report/results.js";
import { countsOf, jobIds, type ScenarioContext } from "./context.js";

const MAX_RECEIVE_COUNT = 5;

export async function runSlowJobs(context: ScenarioContext): Promise<ScenarioResult> {
  const { settings, log } = context;
  const label = "slow-jobs";
  const instance = await createInstance({
    label,
    queue: context.queue,
    workDir: context.workDir,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    daemonOptions: {
      "http-connections": "10",
      "visibility-timeout": "8",
      "error-visibility-timeout": "1",
      "inactivity-timeout": "5",
      "drain-seconds": "10",
    },
    appEnv: { WORKER_JOB_TIMEOUT_SECONDS: "4" },
    log,
  });
  try {
    const jobs: ProbeJob[] = jobIds(label, settings.slowJobs).map((id, i) =>
      i % 10 === 9
        ? { id, workMs: 4500, ignoresSignal: true }
        : { id, workMs: 3600 + ((i * 37) % 350) },
    );
    await sendJobs(context.queue.client, instance.pair.queueUrl, jobs);
    await instance.start();
    const finished = await instance.finish(
      jobs.map((job) => job.id),
      90_000,
    );
    const counts = countsOf(finished);
    return {
      scenario: label,
      title: "Slow jobs near the timeout chain's limits",
      ...counts,
      figures: {
        ...counts.figures,
        jobsIgnoringTheirTimeout: jobs.filter((job) => job.ignoresSignal).length,
      },
      setup: `${jobs.length} jobs sent at once: 9 in 10 take 3.6–3.95 s, 1 in 10 ignores its signal and takes 4.5 s. Job timeout 4 s, InactivityTimeout 5 s, VisibilityTimeout 8 s, ErrorVisibilityTimeout 1 s, HttpConnections 10 (backlog 10), maxReceiveCount ${MAX_RECEIVE_COUNT}. A message waiting in the backlog keeps its visibility clock running (issue 9, item 2); a handler finishing after its timeout must not run again (item 3).`,
    };
  } finally {
    await instance.close();
  }
}
