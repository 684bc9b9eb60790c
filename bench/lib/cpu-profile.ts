/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and adds up self time by function and by package,
 * which is what "what dominates" means in docs/performance.md.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  /** Self time outside "(idle)": what the process spent working. */
  busyMs: number;
  byPackage: SelfTime[];
  byFunction: SelfTime[];
}

/** Which package (or Node.js subsystem, or project folder) a script URL belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const nodeModules = url.lastIndexOf("/node_modules/");
  if (nodeModules !== -1) {
    const rest = url.slice(nodeModules + "/node_modules/".length).split("/");
    if (rest[0] === ".cache") {
      // The bench's compiled copy of the project: node_modules/.cache/sqs-worker-bench/<src|bench>/…
      return rest.slice(2, 4).join("/");
    }
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1] ?? ""}` : (rest[0] ?? url);
  }
  if (url.startsWith("node:")) {
    const module = url.slice("node:".length).replace(/^internal\//, "");
    return `node:${module.split("/")[0] ?? module}`;
  }
  return url.replace(/^file:\/\//, "");
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfById = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfById.set(id, (selfById.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of selfById) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    totalMs += ms;
    if (frame.functionName === "(idle)") {
      idleMs += ms;
      continue;
    }
    const pkg = packageOf(frame.url, frame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const where = frame.url ? ` (${pkg}:${frame.lineNumber + 1})` : "";
    const fn = `${frame.functionName || "(anonymous)"}${where}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const busyMs = totalMs - idleMs;
  const ranked = (map: Map<string, number>): SelfTime[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
  return { file, totalMs, busyMs, byPackage: ranked(byPackage), byFunction: ranked(byFunction) };
}
