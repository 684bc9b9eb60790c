/**
 * `npm run bench [-- --quick | --profile]`: runs the scenarios of issue 5 and writes
 * bench/results/latest.md and latest.json. docs/performance.md says what each number means.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildForBench, REPO_ROOT } from "./lib/build.js";
import { describeMachine, installedVersion } from "./lib/machine.js";
import { runProfiles } from "./profile.js";
import { renderMarkdown } from "./report/markdown.js";
import { runScenarios } from "./run-scenarios.js";
import { FULL, QUICK } from "./settings.js";
import { silenceSdkNodeVersionWarning } from "../src/sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env); // its children get it from child.ts

const USAGE = `Usage: npm run bench [-- --quick] [-- --profile]

  --quick     a smaller run that finishes in under a minute (N = 1,500, 2 rounds)
  --profile   instead of the scenarios: CPU profiles of the app (and the daemon) under load,
              summarised; written to bench/results/profiles/
  --help      print this and exit

Writes bench/results/latest.md and bench/results/latest.json.`;

const log = (line: string): void => {
  console.error(`[bench] ${line}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
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

  if (values.profile) {
    console.log(await runProfiles(settings, log));
    return;
  }
  const versions = Object.fromEntries(
    ["sqs-consumer", "fauxqs", "@aws-sdk/client-sqs", "express", "autocannon"].map((name) => [
      name,
      installedVersion(name),
    ]),
  );
  const results = await runScenarios({ settings, machine, versions, date, startedAt, log });
  const outDir = join(REPO_ROOT, "bench/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, "latest.md"), renderMarkdown(results));
  log(`wrote bench/results/latest.md and latest.json in ${results.durationSeconds.toFixed(0)} s`);
}

// The default action of these signals skips "exit" handlers, which stop the child processes.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
