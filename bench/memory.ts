/**
 * `npx tsx bench/memory.ts [--seconds 10] [--flags "--max-semi-space-size=2" …]`: the worker
 * app's peak RSS (VmHWM) under the dispatch test's load, once per set of Node.js flags, each in
 * a fresh process, round-robin. How the Procfile's V8 settings were chosen
 * (docs/performance.md, "Memory").
 */
import { parseArgs } from "node:util";
import { buildForBench } from "./lib/build.js";
import { cpuSeconds, memoryUse } from "./lib/proc-stats.js";
import { startWorkerApp } from "./lib/worker-app.js";
import { runDispatch } from "./scenarios/dispatch.js";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "10" },
      rounds: { type: "string", default: "2" },
      flags: { type: "string", multiple: true, default: [""] },
    },
  });
  buildForBench();
  const rows: string[] = [
    "| Node.js flags | idle RSS MB | peak RSS MB | req/s | CPU µs/request |",
    "| --- | --: | --: | --: | --: |",
  ];
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const flags of values.flags) {
      const app = await startWorkerApp({
        label: `memory ${flags}`,
        env: { HOST: "127.0.0.1" },
        nodeFlags: flags === "" ? [] : flags.split(" "),
      });
      try {
        const idle = memoryUse(app.child.pid).rssMB;
        const before = cpuSeconds(app.child.pid);
        const run = await runDispatch(
          "app",
          { url: app.url, pid: app.child.pid },
          Number(values.seconds),
        );
        const cpu =
          ((cpuSeconds(app.child.pid) - before) * 1e6) /
          (run.requestsPerSecond * Number(values.seconds));
        const { peakRssMB } = memoryUse(app.child.pid);
        rows.push(
          `| ${flags || "(none)"} | ${idle.toFixed(0)} | ${peakRssMB.toFixed(0)} | ${run.requestsPerSecond.toFixed(0)} | ${cpu.toFixed(0)} |`,
        );
        console.error(rows.at(-1));
      } finally {
        await app.child.stop();
      }
    }
  }
  console.log(rows.join("\n"));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
