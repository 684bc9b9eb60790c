/**
 * Compiles the app, the CLI and the suite's own child processes into the bench's build directory
 * (bench/lib/build.ts decides where that is and how a child finds its script), so every process
 * of a scenario starts with plain `node`, as production does.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "../../bench/lib/build.js";

export function buildForReliability(): void {
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(REPO_ROOT, "reliability/tsconfig.build.json"),
    ],
    { cwd: REPO_ROOT, stdio: "inherit" },
  );
}
