/** Runs every scenario of one `npm run bench` and gathers the results. */
import { startQueueServer } from "./lib/queue.js";
import type { Machine } from "./lib/machine.js";
import {
  ratioOf,
  summarizeDispatch,
  summarizeLatency,
  summarizeThroughput,
  throughputRatios,
  type BenchResults,
} from "./report/results.js";
import { checkTargets } from "./report/targets.js";
import { ceiling, sqsConsumer, type Contender } from "./scenarios/contenders.js";
import { runDispatchRounds } from "./scenarios/dispatch.js";
import { runNetworkRounds, type NetworkRun } from "./scenarios/network.js";
import { project } from "./scenarios/project.js";
import { runLatencyRounds, type LatencyRun } from "./scenarios/latency.js";
import { runThroughput, type ThroughputRun } from "./scenarios/throughput.js";
import { latencyContender, projectContenders } from "./scenarios/this-project.js";
import type { BenchSettings } from "./settings.js";
import { runWatermark } from "./scenarios/watermark.js";
import { runIdempotencyStoreRounds } from "./scenarios/idempotency-store.js";

export interface RunContext {
  settings: BenchSettings;
  machine: Machine;
  versions: Record<string, string>;
  date: string;
  startedAt: number;
  log: (line: string) => void;
}

/** Which throughput ratios the results list: this project against each alternative. */
const RATIO_PAIRS: [string, string][] = [
  ...["project-50", "project-10"].flatMap((project) =>
    ["sqs-consumer-message", "sqs-consumer-batch", "ceiling"].map((other): [string, string] => [
      project,
      other,
    ]),
  ),
  ["sqs-consumer-batch", "ceiling"],
];

const NETWORK_PAIRS: [string, string][] = [
  ["project-50", "sqs-consumer-message"],
  ["project-50", "sqs-consumer-batch"],
  ["project-50", "ceiling"],
];

export async function runScenarios(context: RunContext): Promise<BenchResults> {
  const { settings, log, versions } = context;
  const notes: string[] = [];
  const consumerVersion = versions["sqs-consumer"] ?? "unknown";
  const contenders: Contender[] = [
    ...projectContenders(),
    sqsConsumer("message", consumerVersion),
    sqsConsumer("batch", consumerVersion),
    ceiling(),
  ];

  const queue = await startQueueServer();
  const throughputRuns: ThroughputRun[] = [];
  let latencyRuns: LatencyRun[] = [];
  let networkRuns: NetworkRun[] = [];
  // Equal concurrency: 50 messages in flight for each (5 pollers × 10 for the others).
  const networkContenders = [project({ httpConnections: 50 }), ...contenders.slice(-3)];
  try {
    // Round-robin, so a noisy minute on the shared machine hits every contender alike.
    for (let round = 1; round <= settings.throughputRounds; round++) {
      for (const contender of contenders) {
        const run = await runThroughput(contender, queue, settings.throughputMessages);
        log(`throughput ${contender.id} round ${round}: ${run.messagesPerSecond.toFixed(0)} msg/s`);
        throughputRuns.push(run);
      }
    }
    latencyRuns = await runLatencyRounds(
      latencyContender(),
      queue,
      settings.latencyRounds,
      settings.latencyMessages,
      log,
    );
    networkRuns = await runNetworkRounds(
      networkContenders,
      queue,
      settings.networkDelaysMs,
      settings.networkRounds,
      settings.networkMessages,
      log,
    );
  } finally {
    await queue.stop();
  }

  const dispatchRuns = await runDispatchRounds(
    settings.dispatchRounds,
    settings.dispatchSeconds,
    log,
  );
  const watermark = await runWatermark(settings.watermarkImages, log);
  const idempotencyStore = await runIdempotencyStoreRounds(
    settings.idempotencyRounds,
    settings.idempotencyJobs,
    log,
  );
  const dispatch = {
    app: summarizeDispatch(dispatchRuns.app),
    bare: summarizeDispatch(dispatchRuns.bare),
    ratio: ratioOf(
      "worker app / bare node:http",
      dispatchRuns.app.map((run) => run.requestsPerSecond),
      dispatchRuns.bare.map((run) => run.requestsPerSecond),
    ),
  };
  const throughput = summarizeThroughput(contenders, throughputRuns);
  const ratios = throughputRatios(throughput, RATIO_PAIRS);
  const latency = latencyRuns.length > 0 ? summarizeLatency(latencyRuns) : undefined;
  const network = settings.networkDelaysMs.map((delayMs) => {
    const results = summarizeThroughput(
      networkContenders,
      networkRuns.filter((run) => run.delayMs === delayMs),
    );
    return { delayMs, throughput: results, ratios: throughputRatios(results, NETWORK_PAIRS) };
  });
  return {
    mode: settings.mode,
    date: context.date,
    durationSeconds: (performance.now() - context.startedAt) / 1000,
    machine: context.machine,
    versions,
    settings,
    throughput,
    throughputRatios: ratios,
    dispatch,
    latency,
    network,
    watermark,
    idempotencyStore,
    targets: checkTargets({ throughput, ratios, dispatch, latency }),
    notes,
  };
}
