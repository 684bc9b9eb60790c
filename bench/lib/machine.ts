/** What the numbers were measured on: they mean little without it. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./build.js";

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  /** 1-minute load average when the run started: other work on the machine shows here. */
  loadAverage: number;
  node: string;
  platform: string;
  commit: string;
  /** True when the working tree had uncommitted changes. */
  dirty: boolean;
}

export function describeMachine(): Machine {
  const git = (...args: string[]): string => {
    try {
      return execFileSync("git", args, { cwd: REPO_ROOT, encoding: "utf8" }).trim();
    } catch {
      return "";
    }
  };
  return {
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    commit: git("rev-parse", "--short=12", "HEAD") || "unknown",
    dirty: git("status", "--porcelain", "--untracked-files=no") !== "",
  };
}

/** The installed version of a dependency, as the results record it. */
export function installedVersion(name: string): string {
  const manifest = JSON.parse(
    readFileSync(join(REPO_ROOT, "node_modules", name, "package.json"), "utf8"),
  ) as { version?: string };
  return manifest.version ?? "unknown";
}
