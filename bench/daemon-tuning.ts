/**
 * `npx tsx bench/daemon-tuning.ts [--pollers 5,10,20,50] [--flags "…"]… [--rounds 3]`: the
 * daemon's number of ReceiveMessage loops and its process's Node.js flags, by measurement. The
 * daemon + app drain N no-op jobs at HttpConnections 50 with each setting (pollers × flags) in
 * turn, round-robin, straight to the embedded SQS and with every SQS call delayed (a real
 * endpoint's round trip). Prints msg/s, the daemon's CPU per job and its peak RSS, medians with
 * (min–max); writes nothing (docs/performance.md, "The daemon").
 */
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { buildForBench } from "./lib/build.js";
import { startQueueServer } from "./lib/queue.js";
import { summarize } from "./lib/stats.js";
import { startDelayProxy } from "./scenarios/network.js";
import { project } from "./scenarios/project.js";
import { runThroughput, type ThroughputRun } from "./scenarios/throughput.js";
import { silenceSdkNodeVersionWarning } from "../src/sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env);

const { values } = parseArgs({
  options: {
    pollers: { type: "string", default: "5,10,20,50" },
    flags: { type: "string", multiple: true, default: [""] },
    rounds: { type: "string", default: "3" },
    messages: { type: "string", default: "5000" },
    "delay-ms": { type: "string", default: "30" },
    "delayed-messages": { type: "string", default: "1500" },
  },
  strict: true,
});
const settings = values.pollers
  .split(",")
  .map(Number)
  .flatMap((pollers) => values.flags.map((flags) => ({ pollers, flags })));
const nameOf = ({ pollers, flags }: { pollers: number; flags: string }): string =>
  `${pollers} pollers${flags === "" ? "" : `, ${flags}`}`;
const delayMs = Number(values["delay-ms"]);
const log = (line: string): void => {
  console.error(`[daemon-tuning] ${line}`);
};

buildForBench();
const queue = await startQueueServer();
const runs = new Map(
  settings.map((setting) => [
    nameOf(setting),
    { direct: [] as ThroughputRun[], delayed: [] as ThroughputRun[] },
  ]),
);
const loads: string[] = [];
try {
  const proxy = await startDelayProxy(queue, delayMs);
  try {
    for (let round = 1; round <= Number(values.rounds); round++) {
      loads.push((loadavg()[0] ?? 0).toFixed(1));
      for (const setting of settings) {
        const contender = project({
          httpConnections: 50,
          pollers: setting.pollers,
          ...(setting.flags === "" ? {} : { daemonNodeFlags: setting.flags.split(" ") }),
        });
        const mine = runs.get(nameOf(setting));
        const direct = await runThroughput(contender, queue, Number(values.messages));
        const delayed = await runThroughput(
          contender,
          { ...queue, endpoint: proxy.endpoint },
          Number(values["delayed-messages"]),
        );
        mine?.direct.push(direct);
        mine?.delayed.push(delayed);
        log(
          `round ${round}, ${nameOf(setting)}: ${direct.messagesPerSecond.toFixed(0)} msg/s, +${delayMs} ms ${delayed.messagesPerSecond.toFixed(0)} msg/s`,
        );
      }
    }
  } finally {
    await proxy.child.stop();
  }
} finally {
  await queue.stop();
}

const fmt = (numbers: number[], digits: number): string => {
  const { median, min, max } = summarize(numbers);
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
};
const lines = [
  `HttpConnections 50; N = ${values.messages}, +${delayMs} ms N = ${values["delayed-messages"]}; load average (1 min) at each round's start: ${loads.join(", ")}.`,
  "",
  `| daemon | msg/s | daemon CPU ms/job | daemon peak RSS MB | msg/s, +${delayMs} ms per SQS call | daemon CPU ms/job, +${delayMs} ms |`,
  "| --- | --: | --: | --: | --: | --: |",
];
for (const [name, { direct, delayed }] of runs) {
  lines.push(
    `| ${name} | ${fmt(
      direct.map((run) => run.messagesPerSecond),
      0,
    )} | ${fmt(
      direct.map((run) => run.cpuMsPerJob.daemon ?? NaN),
      3,
    )} | ${fmt(
      direct.map((run) => run.peakRssMB.daemon ?? NaN),
      0,
    )} | ${fmt(
      delayed.map((run) => run.messagesPerSecond),
      0,
    )} | ${fmt(
      delayed.map((run) => run.cpuMsPerJob.daemon ?? NaN),
      3,
    )} |`,
  );
}
console.log(lines.join("\n"));
