/**
 * `npx tsx bench/stages.ts [--seconds 3] [--rounds 3]`: the cost of each stage of the worker
 * app's request path on the dispatch test. Every variant of bench/processes/staged-app.ts (all
 * stages on; each stage off in turn; all off) and a bare node:http server run in their own
 * process, and autocannon drives them round-robin, so a noisy minute hits every variant alike.
 * A stage's cost is the server CPU per request with it minus without it, round by round.
 * Prints a markdown table (for docs/performance.md).
 */
import { parseArgs } from "node:util";
import { buildForBench } from "./lib/build.js";
import { spawnNode, type Child } from "./lib/child.js";
import { percentile } from "./lib/stats.js";

const median = (values: readonly number[]): number => percentile(values, 0.5);
import { runDispatch } from "./scenarios/dispatch.js";

const STAGES = [
  ["helmet", "helmet's middleware (its headers on every response)"],
  ["access-log", "pino-http (request id, child logger, the access line)"],
  ["origin", "origin check (peer, X-Forwarded-For, User-Agent)"],
  ["sqsd-headers", "sqsd header parsing"],
  ["body", "body read (express.raw)"],
  ["validation", "JSON + envelope + zod payload check"],
  ["tracker", "duplicate check, tracker, time limit (deliver)"],
  ["outcome-log", "the outcome log line"],
  ["express-response", "Express's res.status().json() vs writeHead + end"],
] as const;

interface Variant {
  id: string;
  label: string;
  script: string;
  off: string[];
}

const log = (line: string): void => {
  console.error(`[stages] ${line}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "3" },
      rounds: { type: "string", default: "3" },
    },
  });
  const seconds = Number(values.seconds);
  const rounds = Number(values.rounds);
  buildForBench();
  const variants: Variant[] = [
    { id: "all", label: "all stages on", script: "bench/processes/staged-app.ts", off: [] },
    ...STAGES.map(([stage, label]) => ({
      id: `-${stage}`,
      label: `without ${label}`,
      script: "bench/processes/staged-app.ts",
      off: [stage],
    })),
    {
      id: "none",
      label: "Express, every stage off",
      script: "bench/processes/staged-app.ts",
      off: STAGES.map(([stage]) => stage),
    },
    { id: "bare", label: "bare node:http", script: "bench/processes/bare-http.ts", off: [] },
  ];
  const children = new Map<string, { child: Child; url: string }>();
  try {
    for (const variant of variants) {
      const child = spawnNode(variant.script, {
        label: `stage${variant.id}`,
        args: [JSON.stringify({ off: variant.off })],
      });
      const ready = await child.next("ready", 30_000);
      children.set(variant.id, { child, url: `http://127.0.0.1:${String(ready.port)}` });
    }
    const cpu = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    const rps = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    const loadgen = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    for (const variant of variants) {
      const { child, url } = children.get(variant.id)!;
      await runDispatch("app", { url, pid: child.pid }, 1); // warm-up, unmeasured
    }
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        const { child, url } = children.get(variant.id)!;
        const before = process.cpuUsage();
        const run = await runDispatch("app", { url, pid: child.pid }, seconds);
        const used = process.cpuUsage(before);
        const requests = run.requestsPerSecond * seconds;
        if (run.non2xx > 0 || run.errors > 0) {
          throw new Error(`Expected only 2xx from ${variant.id}, got ${run.non2xx} / ${run.errors}`);
        }
        cpu.get(variant.id)!.push(run.cpuMsPerRequest * 1000);
        rps.get(variant.id)!.push(run.requestsPerSecond);
        loadgen.get(variant.id)!.push((used.user + used.system) / requests);
        log(`${variant.id} round ${round}: ${(run.cpuMsPerRequest * 1000).toFixed(1)} µs/req`);
      }
    }
    console.log(render(variants, cpu, rps, loadgen));
  } finally {
    await Promise.all([...children.values()].map(({ child }) => child.stop()));
  }
}

function render(
  variants: Variant[],
  cpu: Map<string, number[]>,
  rps: Map<string, number[]>,
  loadgen: Map<string, number[]>,
): string {
  const all = cpu.get("all")!;
  const bare = cpu.get("bare")!;
  const lines = [
    "| variant | server CPU µs/request | req/s | stage's cost µs (all − without) | load generator CPU µs/request |",
    "| --- | --: | --: | --: | --: |",
  ];
  for (const variant of variants) {
    const mine = cpu.get(variant.id)!;
    const cost = variant.id.startsWith("-")
      ? fmtRange(all.map((value, i) => value - mine[i]!))
      : "";
    lines.push(
      `| ${variant.label} | ${fmtRange(mine)} | ${median(rps.get(variant.id)!).toFixed(0)} | ${cost} | ${median(loadgen.get(variant.id)!).toFixed(1)} |`,
    );
  }
  lines.push("", `All stages on ÷ bare node:http, CPU per request: ${(median(all) / median(bare)).toFixed(1)}×`);
  return lines.join("\n");
}

function fmtRange(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(1)} (${sorted[0]!.toFixed(1)}–${sorted.at(-1)!.toFixed(1)})`;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(1));
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
