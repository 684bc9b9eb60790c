/**
 * `npm run bench -- --profile`: the worker app and the daemon under load with `node --cpu-prof`,
 * then what dominates their CPU time. Profiles go to bench/results/profiles/ (ignored by git);
 * the summary is printed and written next to them.
 */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { REPO_ROOT } from "./lib/build.js";
import { summarizeProfile, type SelfTime } from "./lib/cpu-profile.js";
import { startQueueServer } from "./lib/queue.js";
import { runDispatchRounds } from "./scenarios/dispatch.js";
import { runThroughput } from "./scenarios/throughput.js";
import { project } from "./scenarios/project.js";
import type { BenchSettings } from "./settings.js";

export const PROFILES_DIR = join(REPO_ROOT, "bench/results/profiles");

export async function runProfiles(
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<string> {
  const dir = join(PROFILES_DIR, new Date().toISOString().replace(/[:.]/g, "-"));
  mkdirSync(dir, { recursive: true });
  const contender = project({ httpConnections: 50 });
  const queue = await startQueueServer();
  try {
    const run = await runThroughput(contender, queue, settings.throughputMessages, {
      cpuProfileDir: join(dir, "throughput"),
    });
    log(`profiled ${contender.id}: ${run.messagesPerSecond.toFixed(0)} msg/s`);
  } finally {
    await queue.stop();
  }
  await runDispatchRounds(1, settings.dispatchSeconds, log, join(dir, "dispatch"));
  const summary = renderProfiles(dir);
  writeFileSync(join(dir, "summary.md"), summary);
  return summary;
}

function renderProfiles(dir: string): string {
  const lines = [`# CPU profiles in ${dir.slice(REPO_ROOT.length)}`, ""];
  for (const scenario of readdirSync(dir, { withFileTypes: true })) {
    if (!scenario.isDirectory()) continue;
    for (const file of readdirSync(join(dir, scenario.name)).filter((name) =>
      name.endsWith(".cpuprofile"),
    )) {
      const summary = summarizeProfile(join(dir, scenario.name, file));
      lines.push(
        `## ${scenario.name}: ${basename(file).split(".")[0] ?? file}`,
        "",
        `Busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled.`,
        "",
        selfTimeTable("package", summary.byPackage),
        "",
        selfTimeTable("function", summary.byFunction),
        "",
      );
    }
  }
  return lines.join("\n");
}

export function selfTimeTable(title: string, rows: readonly SelfTime[]): string {
  return [
    `| ${title} | self ms | share of busy |`,
    "|---|--:|--:|",
    ...rows.map(
      (row) =>
        `| ${row.name.replaceAll("|", "\\|")} | ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)} % |`,
    ),
  ].join("\n");
}
