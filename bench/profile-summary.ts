/**
 * Prints what dominates in .cpuprofile files: self time by package and by function.
 *
 *   npx tsx bench/profile-summary.ts bench/results/profiles/<run>/<scenario>/*.cpuprofile
 */
import { basename } from "node:path";
import { summarizeProfile } from "./lib/cpu-profile.js";
import { selfTimeTable } from "./profile.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Expected one or more .cpuprofile files, got none");
  process.exitCode = 1;
}
for (const file of files) {
  const summary = summarizeProfile(file);
  console.log(`## ${basename(file)}\n`);
  console.log(
    `Busy ${summary.busyMs.toFixed(0)} ms of ${summary.totalMs.toFixed(0)} ms profiled.\n`,
  );
  console.log(`${selfTimeTable("package", summary.byPackage)}\n`);
  console.log(`${selfTimeTable("function", summary.byFunction)}\n`);
}
