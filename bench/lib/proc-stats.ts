/**
 * CPU time and memory of a process, read from Linux's /proc: the only way to measure a child
 * we did not write (the worker app) without changing it.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (almost always 100). */
const CLOCK_TICKS_PER_SECOND = readClockTicks();

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces and parentheses; fields after it do not.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`Expected utime and stime in /proc/${pid}/stat, got "${stat}"`);
  }
  return (utime + stime) / CLOCK_TICKS_PER_SECOND;
}

export interface MemoryUse {
  /** VmRSS: resident set size now, in MB (10^6 bytes, the unit of the targets). */
  rssMB: number;
  /** VmHWM: the highest resident set size since the process started, in MB. */
  peakRssMB: number;
}

export function memoryUse(pid: number): MemoryUse {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
    if (!match?.[1]) throw new Error(`Expected ${field} in /proc/${pid}/status, got none`);
    return Number(match[1]);
  };
  // /proc says kB and means KiB.
  return { rssMB: (kib("VmRSS") * 1024) / 1e6, peakRssMB: (kib("VmHWM") * 1024) / 1e6 };
}
