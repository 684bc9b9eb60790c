/**
 * Compiles the app and the bench's child processes to JavaScript before a run. Children then
 * start with plain `node`, as production does: under tsx each would carry a second V8 isolate
 * for the loader hooks (tens of MiB of RSS) and an esbuild process.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Inside node_modules: ignored by git, lint and prettier, and still resolves dependencies. */
const BUILD_DIR = join(REPO_ROOT, "node_modules/.cache/sqs-worker-bench");

export function buildForBench(): void {
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(REPO_ROOT, "bench/tsconfig.build.json"),
    ],
    { cwd: REPO_ROOT, stdio: "inherit" },
  );
}

/** Where the compiled form of a repository-relative `.ts` file is. */
export function builtScript(tsPath: string): string {
  if (!tsPath.endsWith(".ts")) throw new Error(`Expected a .ts path, got "${tsPath}"`);
  return join(BUILD_DIR, `${tsPath.slice(0, -3)}.js`);
}
