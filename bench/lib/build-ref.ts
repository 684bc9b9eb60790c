/**
 * Another commit's app, built next to this one, so a before/after comparison runs both in the
 * same minutes of the same machine (bench/stages.ts and bench/compare.ts --against <ref>).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./build.js";

/** Extracts `ref` into a temporary folder, compiles it, and returns its server.js. */
export function buildRef(ref: string): string {
  const dir = extractRef(ref);
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.build.json")],
    { cwd: dir, stdio: "inherit" },
  );
  return join(dir, "dist/server.js");
}

/**
 * Extracts `ref`, compiles its app and its bench processes (bench/tsconfig.build.json) into a
 * folder of its own, and returns where a repository-relative `.ts` file's JavaScript is there.
 */
export function buildRefBench(ref: string): (tsPath: string) => string {
  const dir = extractRef(ref);
  const out = join(dir, "build");
  execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(dir, "bench/tsconfig.build.json"),
      "--outDir",
      out,
      "--tsBuildInfoFile",
      join(out, ".tsbuildinfo"),
    ],
    { cwd: dir, stdio: "inherit" },
  );
  return (tsPath) => join(out, `${tsPath.replace(/\.ts$/, "")}.js`);
}

function extractRef(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), "sqs-worker-ref-"));
  const archive = execFileSync("git", ["-C", REPO_ROOT, "archive", ref], {
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}
