/**
 * Loaded by mocha before the tests (.mocharc.cjs "require"). After the run, and after the
 * reporter's summary so it is not lost above it, prints one line per system program that tests
 * were skipped for, with its install commands (system-programs.ts).
 *
 * A global teardown fixture rather than a root `afterAll` hook: mocha runs the fixture once the
 * run has ended and the summary is printed, where a root hook would print above the summary.
 */
import { missingPrograms, missingProgramsNotice } from "./system-programs.js";

export function mochaGlobalTeardown(): void {
  const lines = missingProgramsNotice(missingPrograms.list());
  if (lines.length > 0) process.stdout.write(`\n${lines.join("\n")}\n\n`);
}
