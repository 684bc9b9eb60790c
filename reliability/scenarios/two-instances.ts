/**
 * Two instances, one store (issue 10): two worker apps, each with its own daemon, on one queue
 * and one DynamoDB idempotency table (dynalite). Every job is sent once with its id as the
 * idempotency key; 20 % are sent a second time, beside the first (two message ids, one key), so
 * the two race on the two instances; 5 % work longer than the visibility timeout, so SQS delivers
 * them again while they run. Every job's effect must happen exactly once.
 *
 * The kill variant: once 40 % of the jobs have run, instance one (its app and its daemon) gets
 * SIGKILL and stays down, as a terminated EC2 instance. Its jobs in progress come back to
 * instance two after the visibility timeout, which takes them over once their lease has run out
 * (job timeout 5 s + 10 s). The only duplicates allowed: a job whose effect instance one had
 * written before the kill, but whose completion it had not recorded.
 */
import { queueCounts, waitUntilEmpty } from "../../bench/lib/queue.js";
import { countRunLines, readRuns, tally } from "../lib/ledger.js";
import { sendKeyedJobs, type KeyedJob } from "../lib/keyed-jobs.js";
import { seededRandom } from "../lib/random.js";
import { drainIds } from "../lib/queues.js";
import { createSharedStorePair, runPidsById } from "../lib/shared-store-pair.js";
import type { ScenarioResult } from "../report/results.js";
import { countsOf, jobIds, round, waitFor, type ScenarioContext } from "./context.js";

/** Short visibility, so in-progress and refused messages come back within seconds. */
const DAEMON_OPTIONS = {
  "http-connections": "20",
  "visibility-timeout": "2",
  "error-visibility-timeout": "1",
  "inactivity-timeout": "5",
  "drain-seconds": "10",
};
/** The lease is the job timeout plus LEASE_MARGIN_MS (10 s): about 15 s. */
const APP_ENV = { WORKER_JOB_TIMEOUT_SECONDS: "5", WORKER_SHUTDOWN_DEADLINE_SECONDS: "5" };
/** Room for the 409s a message gets while another delivery holds its record (one a second). */
const MAX_RECEIVE_COUNT = 40;
const SLOW_WORK_MS = 2_500;

export async function runTwoInstances(
  context: ScenarioContext,
  variant: "plain" | "kill",
): Promise<ScenarioResult> {
  const { settings, log } = context;
  const label = variant === "kill" ? "two-instances-kill" : "two-instances";
  const ids = jobIds(label, settings.sharedStoreJobs);
  const messages = keyedMessages(ids);
  const duplicatesSent = messages.length - ids.length;
  const slowJobs = messages.filter(({ job }) => job.workMs).length;
  const store = await createSharedStorePair({
    label,
    queue: context.queue,
    workDir: context.workDir,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    daemonOptions: DAEMON_OPTIONS,
    appEnv: APP_ENV,
  });
  try {
    await sendKeyedJobs(context.queue.client, store.pair.queueUrl, messages);
    const startedAt = performance.now();
    await store.start();
    let killedPid: number | undefined;
    let runsAtKill = 0;
    if (variant === "kill") {
      const killAt = Math.floor(ids.length * 0.4);
      await waitFor(() => countRunLines(store.runsFile) >= killAt, {
        intervalMs: 20,
        timeoutMs: 300_000,
      });
      const [victim] = store.instances;
      killedPid = victim.app.current().process.pid;
      await victim.app.kill("SIGKILL");
      await victim.daemon.kill("SIGKILL");
      runsAtKill = countRunLines(store.runsFile);
      log(`${label}: instance one killed at ${runsAtKill} runs`);
    }
    let stillQueued = 0;
    let emptyAt = performance.now();
    try {
      emptyAt = await waitUntilEmpty(context.queue.client, store.pair.queueUrl, {
        intervalMs: 200,
        timeoutMs: 900_000,
      });
    } catch {
      const counts = await queueCounts(context.queue.client, store.pair.queueUrl);
      stillQueued = counts.visible + counts.inFlight + counts.delayed;
    }
    await store.stop();
    const seconds = (emptyAt - startedAt) / 1000;
    log(
      `${label}: ${stillQueued > 0 ? `${stillQueued} still queued` : "queue empty"} after ${seconds.toFixed(1)} s`,
    );
    const deadLettered = await drainIds(context.queue.client, store.pair.deadLetterQueueUrl);
    const receiveCounts = ids.map((id) => store.proxy.receives.get(id) ?? 0);
    const counts = countsOf({
      tally: tally(ids, readRuns(store.runsFile), deadLettered.ids),
      crashes: store.instances.flatMap(({ app, daemon }) => [...app.crashes, ...daemon.crashes]),
      stillQueued,
      secondsToEmpty: seconds,
      receives: {
        total: receiveCounts.reduce((sum, n) => sum + n, 0),
        max: Math.max(0, ...receiveCounts),
        redelivered: receiveCounts.filter((n) => n > 1).length,
      },
      receivedAfterDelete: store.proxy.receivedAfterDelete.size,
      failedDeliveries: [...store.proxy.retriesAsked.values()].reduce((sum, n) => sum + n, 0),
    });
    const runPids = runPidsById(store.runsFile);
    const pids = store.instances.map(({ app }) => app.current().process.pid);
    const figures = {
      ...counts.figures,
      "messages sent (jobs + duplicates by key)": messages.length,
      "duplicates sent by key": duplicatesSent,
      // The proxy counts receives by job id, so a job sent twice has two receives of its own.
      "redeliveries (receives beyond one per message sent)": Math.max(
        0,
        receiveCounts.reduce((sum, n) => sum + n, 0) - messages.length,
      ),
      "slow jobs (longer than the visibility timeout)": slowJobs,
      jobsPerSecond: round(ids.length / seconds, 1),
      "effects by instance one": countPid(runPids, pids[0]),
      "effects by instance two": countPid(runPids, pids[1]),
    };
    if (variant === "plain") {
      return {
        scenario: label,
        title: `Two instances, one store: ${ids.length.toLocaleString("en")} jobs, 20 % sent twice`,
        ...counts,
        figures,
        setup: setup(),
      };
    }
    const duplicated = [...runPids.entries()].filter(([, runs]) => runs.length > 1);
    const explained = duplicated.filter(
      ([, runs]) => runs.length === 2 && runs[0] === killedPid && runs[1] === pids[1],
    );
    if (explained.length < duplicated.length)
      counts.notes.push(
        `${duplicated.length - explained.length} duplicate(s) not explained by the kill, e.g. ${duplicated
          .filter((entry) => !explained.includes(entry))
          .slice(0, 5)
          .map(([id]) => id)
          .join(", ")}`,
      );
    return {
      scenario: label,
      title: `Two instances, one store, kill -9 of one instance in the middle of ${ids.length.toLocaleString("en")} jobs`,
      ...counts,
      figures: {
        ...figures,
        runsAtKill,
        "duplicates explained by the kill": explained.length,
        "duplicates not explained": duplicated.length - explained.length,
      },
      duplicatesUnavoidableBecause:
        "a job whose effect instance one had written before the kill, but whose completion it had not yet recorded in the table, is run again by instance two once its lease (job timeout 5 s + 10 s) has run out: nothing can tell that it ran. Explained means: exactly two runs, the first by the killed app, the second by the survivor",
      setup: `${setup()} SIGKILL of instance one's app and daemon once 40 % of the jobs have run; it stays down.`,
    };
  } finally {
    await store.close();
  }
}

/** Each job keyed by its id; 20 % sent again right after, 5 % slower than the visibility timeout. */
function keyedMessages(ids: readonly string[]): KeyedJob[] {
  const random = seededRandom(10);
  return ids.flatMap((id) => {
    const message = { job: random() < 0.05 ? { id, workMs: SLOW_WORK_MS } : { id }, key: id };
    return random() < 0.2 ? [message, message] : [message];
  });
}

function countPid(runPids: ReadonlyMap<string, number[]>, pid: number | undefined): number {
  let effects = 0;
  for (const runs of runPids.values()) effects += runs.filter((run) => run === pid).length;
  return effects;
}

function setup(): string {
  return `Two apps, each with its own daemon (HttpConnections 20, VisibilityTimeout 2 s, ErrorVisibilityTimeout 1 s), one queue (maxReceiveCount ${MAX_RECEIVE_COUNT}), one DynamoDB table on dynalite (in the harness's process); job timeout 5 s, so a lease lasts 15 s; ${SLOW_WORK_MS} ms of work for 5 % of the jobs.`;
}
