/**
 * `npx tsx bench/compare.ts --against <git ref>`: this tree's daemon + app against another
 * commit's, in the same rounds of the same minutes: end to end (N no-op jobs, HttpConnections 50),
 * the same with every SQS call delayed, and the idle latency. Prints medians with (min–max), the
 * ratios round by round and the load average of each round; writes nothing.
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { buildForBench } from "./lib/build.js";
import { buildRefBench } from "./lib/build-ref.js";
import { startQueueServer } from "./lib/queue.js";
import { summarize } from "./lib/stats.js";
import { runLatencyRounds } from "./scenarios/latency.js";
import { startDelayProxy } from "./scenarios/network.js";
import { project } from "./scenarios/project.js";
import { runThroughput, type ThroughputRun } from "./scenarios/throughput.js";
import type { Contender } from "./scenarios/contenders.js";
import { silenceSdkNodeVersionWarning } from "../src/sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env);

const { values } = parseArgs({
  options: {
    against: { type: "string" },
    rounds: { type: "string", default: "3" },
    messages: { type: "string", default: "3000" },
    "delay-ms": { type: "string", default: "30" },
    "delayed-messages": { type: "string", default: "600" },
    "latency-messages": { type: "string", default: "50" },
  },
  strict: true,
});
if (!values.against) throw new Error("Expected --against <git ref>, got nothing");
const rounds = Number(values.rounds);
const messages = Number(values.messages);
const delayMs = Number(values["delay-ms"]);
const delayedMessages = Number(values["delayed-messages"]);
const latencyMessages = Number(values["latency-messages"]);

const log = (line: string): void => {
  console.error(`[compare] ${line}`);
};
const load = (): string => (loadavg()[0] ?? 0).toFixed(1);

buildForBench();
const ref = values.against;
const refBuild = { name: ref, scriptOf: buildRefBench(ref) };
const contenders: Contender[] = [
  project({ httpConnections: 50 }),
  project({ httpConnections: 50, build: refBuild }),
];
const probes: Contender[] = [
  project({ httpConnections: 50, appEntry: "bench/processes/probe-app.ts" }),
  project({
    httpConnections: 50,
    appEntry: "bench/processes/probe-app.ts",
    build: refBuild,
  }),
];

const queue = await startQueueServer();
const direct: ThroughputRun[][] = [[], []];
const delayed: ThroughputRun[][] = [[], []];
const latencyP50: number[][] = [[], []];
const loads: string[] = [];
try {
  const proxy = await startDelayProxy(queue, delayMs);
  try {
    for (let round = 1; round <= rounds; round++) {
      loads.push(load());
      for (const [i, contender] of contenders.entries()) {
        const run = await runThroughput(contender, queue, messages);
        direct[i]?.push(run);
        const slow = await runThroughput(
          contender,
          { ...queue, endpoint: proxy.endpoint },
          delayedMessages,
        );
        delayed[i]?.push(slow);
        const [latency] = await runLatencyRounds(
          probes[i] as Contender,
          queue,
          1,
          latencyMessages,
          log,
        );
        latencyP50[i]?.push(latency?.p50Ms ?? NaN);
        log(
          `round ${round} ${contender.id}: ${run.messagesPerSecond.toFixed(0)} msg/s, +${delayMs} ms ${slow.messagesPerSecond.toFixed(0)} msg/s, load ${load()}`,
        );
      }
    }
  } finally {
    await proxy.child.stop();
  }
} finally {
  await queue.stop();
}

const fmt = (values: number[], digits: number): string => {
  const s = summarize(values);
  return `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
};
const perRound = (a: number[], b: number[]): number[] => a.map((value, i) => value / (b[i] ?? NaN));
const roles = (
  runs: ThroughputRun[],
  pick: (run: ThroughputRun) => Record<string, number>,
): string =>
  Object.keys(pick(runs[0] as ThroughputRun))
    .map(
      (role) =>
        `${role} ${fmt(
          runs.map((run) => pick(run)[role] ?? NaN),
          3,
        )}`,
    )
    .join("; ");

const lines = [
  `Load average (1 min) at each round's start: ${loads.join(", ")}. N = ${messages}, +${delayMs} ms N = ${delayedMessages}, ${rounds} rounds.`,
  "",
  `| build | msg/s | CPU ms/job | peak RSS MB | msg/s, +${delayMs} ms per SQS call | idle latency p50 ms |`,
  "| --- | --: | --- | --- | --: | --: |",
];
for (const [i, contender] of contenders.entries()) {
  const d = direct[i] ?? [];
  lines.push(
    `| ${contender.id} | ${fmt(
      d.map((run) => run.messagesPerSecond),
      0,
    )} | ${roles(d, (run) => run.cpuMsPerJob)} | ${roles(d, (run) => run.peakRssMB).replace(/\.\d+/g, "")} | ${fmt(
      (delayed[i] ?? []).map((run) => run.messagesPerSecond),
      0,
    )} | ${fmt(latencyP50[i] ?? [], 1)} |`,
  );
}
const ratio = (of: (run: ThroughputRun) => number, runs: ThroughputRun[][]): string =>
  fmt(perRound((runs[0] ?? []).map(of), (runs[1] ?? []).map(of)), 2);
lines.push(
  "",
  `This tree ÷ ${ref}, round by round: msg/s ${ratio((run) => run.messagesPerSecond, direct)}; daemon CPU/job ${ratio((run) => run.cpuMsPerJob.daemon ?? NaN, direct)}; app CPU/job ${ratio((run) => run.cpuMsPerJob.app ?? NaN, direct)}; msg/s at +${delayMs} ms ${ratio((run) => run.messagesPerSecond, delayed)}; latency p50 ${fmt(perRound(latencyP50[0] ?? [], latencyP50[1] ?? []), 2)}.`,
);
console.log(lines.join("\n"));
