/**
 * `npm run bench [-- --quick]`: runs the scenarios of issue 5 and writes bench/results/latest.md
 * and latest.json. See docs/performance.md for what each number means.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildForBench, REPO_ROOT } from "./lib/build.js";
import { describeMachine, installedVersion } from "./lib/machine.js";
import { startQueueServer } from "./lib/queue.js";
import { renderMarkdown } from "./report/markdown.js";
import {
  ratioOf,
  summarizeDispatch,
  summarizeThroughput,
  throughputRatios,
  type BenchResults,
} from "./report/results.js";
import { checkTargets } from "./report/targets.js";
import { ceiling, sqsConsumer, type Contender } from "./scenarios/contenders.js";
import { runDispatchRounds } from "./scenarios/dispatch.js";
import { runThroughput, type ThroughputRun } from "./scenarios/throughput.js";
import { FULL, QUICK } from "./settings.js";

const USAGE = `Usage: npm run bench [-- --quick]

  --quick   a smaller run that finishes in under a minute (N = 2,000, 2 rounds)
  --help    print this and exit

Writes bench/results/latest.md and bench/results/latest.json.`;

const log = (line: string): void => {
  console.error(`[bench] ${line}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const settings = values.quick ? QUICK : FULL;
  const startedAt = performance.now();
  const date = new Date().toISOString();
  const machine = describeMachine();
  log(`${settings.mode} mode on ${machine.cpuModel} × ${machine.cores}, Node.js ${machine.node}`);
  log("compiling the app and the bench processes");
  buildForBench();

  const versions = Object.fromEntries(
    ["sqs-consumer", "fauxqs", "@aws-sdk/client-sqs", "express", "autocannon"].map((name) => [
      name,
      installedVersion(name),
    ]),
  );
  const notes: string[] = [];
  const contenders: Contender[] = [
    sqsConsumer("message", versions["sqs-consumer"] ?? "?"),
    sqsConsumer("batch", versions["sqs-consumer"] ?? "?"),
    ceiling(),
  ];

  const queue = await startQueueServer();
  const runs: ThroughputRun[] = [];
  try {
    for (let round = 1; round <= settings.throughputRounds; round++) {
      for (const contender of contenders) {
        const run = await runThroughput(contender, queue, settings.throughputMessages);
        log(`throughput ${contender.id} round ${round}: ${run.messagesPerSecond.toFixed(0)} msg/s`);
        runs.push(run);
      }
    }
  } finally {
    await queue.stop();
  }

  const dispatchRuns = await runDispatchRounds(
    settings.dispatchRounds,
    settings.dispatchSeconds,
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

  const throughput = summarizeThroughput(contenders, runs);
  const projects = ["project-50", "project-10"];
  const others = ["sqs-consumer-message", "sqs-consumer-batch", "ceiling"];
  const ratios = throughputRatios(throughput, [
    ...projects.flatMap((project) => others.map((other): [string, string] => [project, other])),
    ["sqs-consumer-batch", "ceiling"],
  ]);
  const results: BenchResults = {
    mode: settings.mode,
    date,
    durationSeconds: (performance.now() - startedAt) / 1000,
    machine,
    versions,
    settings,
    throughput,
    throughputRatios: ratios,
    dispatch,
    latency: undefined,
    targets: checkTargets({
      throughput,
      ratios,
      dispatchRatio: dispatch.ratio,
      latency: undefined,
      dispatchApp: dispatch.app,
    }),
    notes,
  };
  const outDir = join(REPO_ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, "latest.md"), renderMarkdown(results));
  log(`wrote bench/results/latest.md and latest.json in ${results.durationSeconds.toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
