/**
 * `npm run reliability [-- --quick] [-- --only <scenario,…>]`: runs the reliability scenarios of
 * issue 9 against real processes and writes reliability/results/latest.json and
 * docs/reliability.md. docs/reliability.md also says how each figure is counted.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { REPO_ROOT } from "../bench/lib/build.js";
import { describeMachine, installedVersion } from "../bench/lib/machine.js";
import { startQueueServer } from "../bench/lib/queue.js";
import { buildForReliability } from "./lib/build.js";
import { renderReport } from "./report/markdown.js";
import { allTargetsMet, type ReliabilityResults, type ScenarioResult } from "./report/results.js";
import { SCENARIOS } from "./scenarios/index.js";
import { FULL, QUICK } from "./settings.js";
import { formatMarkdown } from "./report/format.js";

const USAGE = `Usage: npm run reliability [-- --quick] [-- --only <id,…>]

  --quick     smaller scenarios, under 2 minutes
  --only      run only these scenarios (ids: ${SCENARIOS.map((s) => s.id).join(", ")})
  --help      print this and exit

Writes reliability/results/latest.json and docs/reliability.md.`;

const log = (line: string): void => {
  console.error(`[reliability] ${line}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const only = values.only?.split(",").map((id) => id.trim());
  const unknown = only?.filter((id) => !SCENARIOS.some((scenario) => scenario.id === id)) ?? [];
  if (unknown.length > 0)
    throw new Error(`Expected --only to name known scenarios, got ${unknown.join(", ")}`);
  const settings = values.quick ? QUICK : FULL;
  const startedAt = performance.now();
  const date = new Date().toISOString();
  const machine = describeMachine();
  log(`${settings.mode} mode on ${machine.cpuModel} × ${machine.cores}, Node.js ${machine.node}`);
  log("compiling the app, the CLI and the suite's processes");
  buildForReliability();

  const workDir = mkdtempSync(join(tmpdir(), "sqs-worker-reliability-"));
  const queue = await startQueueServer();
  const scenarios: ScenarioResult[] = [];
  try {
    for (const scenario of SCENARIOS) {
      if (only && !only.includes(scenario.id)) continue;
      log(`${scenario.id}: starting`);
      const result = await scenario
        .run({ settings, queue, workDir, log })
        .catch((error: unknown) => unfinished(scenario, error));
      log(
        `${scenario.id}: ${result.messages} sent, lost ${result.lost}, dead-lettered unrun ${result.deadLetteredUnrun}, duplicate runs ${result.duplicateRuns}, crashes ${result.crashes}: ${allTargetsMet(result) ? "targets met" : "TARGET MISSED"}`,
      );
      scenarios.push(result);
    }
  } finally {
    await queue.stop();
    rmSync(workDir, { recursive: true, force: true });
  }

  const results: ReliabilityResults = {
    mode: settings.mode,
    date,
    durationSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    machine,
    versions: Object.fromEntries(
      ["fauxqs", "@aws-sdk/client-sqs", "express", "fast-check"].map((name) => [
        name,
        installedVersion(name),
      ]),
    ),
    scenarios,
  };
  const outDir = join(REPO_ROOT, "reliability/results");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  const reportPath = join(REPO_ROOT, "docs/reliability.md");
  writeFileSync(reportPath, await formatMarkdown(renderReport(results), reportPath));
  log(
    `wrote reliability/results/latest.json and docs/reliability.md in ${results.durationSeconds} s`,
  );
}

/** A scenario that threw is reported as such, never left out. */
function unfinished(scenario: { id: string; title: string }, error: unknown): ScenarioResult {
  const why = error instanceof Error ? error.message : String(error);
  log(`${scenario.id}: could not finish: ${why}`);
  return {
    scenario: scenario.id,
    title: scenario.title,
    messages: 0,
    lost: 0,
    deadLetteredUnrun: 0,
    duplicateRuns: 0,
    crashes: 0,
    figures: {},
    extraTargets: [{ name: "scenario finished", wanted: "yes", measured: "no", met: false }],
    notes: [`The scenario stopped with an error: ${why}`],
    setup: "",
  };
}

// The default action of these signals skips "exit" handlers, which stop the child processes
// (bench/lib/child.ts kills every child it started on exit).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
