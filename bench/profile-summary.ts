/**
 * Prints what dominates in .cpuprofile files: self time by package and by function.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/*.cpuprofile
 */
import { basename } from "node:path";
import { summarizeProfile, type SelfTime } from "./lib/cpu-profile.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Expected one or more .cpuprofile files, got none");
  process.exitCode = 1;
}

const table = (title: string, rows: SelfTime[]): string =>
  [
    `| ${title} | self ms | share of busy |`,
    "|---|--:|--:|",
    ...rows.map(
      (row) =>
        `| ${row.name.replaceAll("|", "\\|")} | ${row.ms.toFixed(0)} | ${(row.share * 100).toFixed(1)} % |`,
    ),
  ].join("\n");

for (const file of files) {
  const summary = summarizeProfile(file);
  console.log(`## ${basename(file)}\n`);
  console.log(
    `Busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled.\n`,
  );
  console.log(`${table("package", summary.byPackage)}\n`);
  console.log(`${table("function", summary.byFunction)}\n`);
}
