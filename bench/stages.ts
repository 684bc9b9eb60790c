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
import { startWorkerApp } from "./lib/worker-app.js";
import { buildRef } from "./lib/build-ref.js";
import { metricsNanosecondsPerJob } from "./lib/metrics-cost.js";

const STAGES = [
  ["helmet-headers", "helmet's headers (computed once, written with the status line)"],
  ["origin", "the origin check (peer, X-Forwarded-For, User-Agent)"],
  ["sqsd-headers", "sqsd header parsing"],
  ["body", "the body read (express.raw)"],
  ["validation", "JSON + envelope + zod payload check"],
  ["tracker", "duplicate check, tracker, time limit (deliver)"],
  ["log-line", "the one log line"],
  ["metrics", "the metrics (recorded per job, an EMF line per interval)"],
] as const;

/** What the app ran before, measured on top of today's path. */
const EXTRAS = [
  ["pino-http-binding", "pino-http with autoLogging off (its req.log binding only)"],
  ["pino-http-line", "pino-http's access line as before (a second line)"],
  ["express-response", "helmet's middleware + res.status().json(), as before"],
  ["otel-sdk", "an OpenTelemetry SDK registered (every job's span recorded)"],
] as const;

interface Variant {
  id: string;
  label: string;
  script: string;
  off: string[];
  add?: string[];
  env?: Record<string, string>;
  /** For the real app: @default the Procfile's */
  nodeFlags?: string[];
}

const log = (line: string): void => {
  console.error(`[stages] ${line}`);
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string", default: "3" },
      rounds: { type: "string", default: "3" },
      against: { type: "string" },
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
    ...EXTRAS.map(([name, label]) => ({
      id: `+${name}`,
      label: `with ${label}`,
      script: "bench/processes/staged-app.ts",
      off: [],
      add: [name],
    })),
    {
      id: "none",
      label: "Express, every stage off",
      script: "bench/processes/staged-app.ts",
      off: STAGES.map(([stage]) => stage),
    },
    {
      id: "express-alone",
      label: "Express alone: the bare server's handler as its one route",
      script: "bench/processes/express-floor.ts",
      off: [],
    },
    { id: "bare", label: "bare node:http", script: "bench/processes/bare-http.ts", off: [] },
    {
      id: "app",
      label: "the real app (src/server.ts, production defaults)",
      script: "src/server.ts",
      off: [],
      env: { HOST: "127.0.0.1" },
    },
    {
      id: "app-no-v8-flags",
      label: "the real app without the Procfile's V8 flags",
      script: "src/server.ts",
      off: [],
      env: { HOST: "127.0.0.1" },
      nodeFlags: [],
    },
    ...(values.against
      ? [
          {
            id: "app-before",
            label: `the real app at ${values.against}`,
            script: buildRef(values.against),
            off: [],
            env: { HOST: "127.0.0.1" },
          },
        ]
      : []),
  ];
  const children = new Map<string, { child: Child; url: string }>();
  try {
    for (const variant of variants) {
      if (variant.env) {
        const app = await startWorkerApp({
          label: `stage-${variant.id}`,
          entry: variant.script,
          env: variant.env,
          ...(variant.nodeFlags ? { nodeFlags: variant.nodeFlags } : {}),
        });
        children.set(variant.id, { child: app.child, url: app.url });
        continue;
      }
      const child = spawnNode(variant.script, {
        label: `stage${variant.id}`,
        args: [JSON.stringify({ off: variant.off, add: variant.add ?? [] })],
      });
      const ready = await child.next("ready", 30_000);
      children.set(variant.id, { child, url: `http://127.0.0.1:${String(ready.port)}` });
    }
    const cpu = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    const rps = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    const loadgen = new Map<string, number[]>(variants.map((v) => [v.id, []]));
    for (const variant of variants) {
      const { child, url } = must(children, variant.id);
      await runDispatch("app", { url, pid: child.pid }, 1); // warm-up, unmeasured
    }
    for (let round = 1; round <= rounds; round++) {
      for (const variant of variants) {
        const { child, url } = must(children, variant.id);
        const before = process.cpuUsage();
        const run = await runDispatch("app", { url, pid: child.pid }, seconds);
        const used = process.cpuUsage(before);
        const requests = run.requestsPerSecond * seconds;
        if (run.non2xx > 0 || run.errors > 0) {
          throw new Error(
            `Expected only 2xx from ${variant.id}, got ${run.non2xx} / ${run.errors}`,
          );
        }
        must(cpu, variant.id).push(run.cpuMsPerRequest * 1000);
        must(rps, variant.id).push(run.requestsPerSecond);
        must(loadgen, variant.id).push((used.user + used.system) / requests);
        log(`${variant.id} round ${round}: ${(run.cpuMsPerRequest * 1000).toFixed(1)} µs/req`);
      }
    }
    console.log(render(variants, cpu, rps, loadgen, metricsNanosecondsPerJob()));
  } finally {
    await Promise.all([...children.values()].map(({ child }) => child.stop()));
  }
}

function render(
  variants: Variant[],
  cpu: Map<string, number[]>,
  rps: Map<string, number[]>,
  loadgen: Map<string, number[]>,
  metricsNs: number,
): string {
  const all = must(cpu, "all");
  const bare = must(cpu, "bare");
  const lines = [
    "| variant | server CPU µs/request | req/s | cost µs (all − without; with − all) | load generator CPU µs/request |",
    "| --- | --: | --: | --: | --: |",
  ];
  for (const variant of variants) {
    const mine = must(cpu, variant.id);
    const cost = variant.id.startsWith("-")
      ? fmtRange(all.map((value, i) => value - (mine[i] ?? NaN)))
      : variant.id.startsWith("+")
        ? fmtRange(mine.map((value, i) => value - (all[i] ?? NaN)))
        : "";
    lines.push(
      `| ${variant.label} | ${fmtRange(mine)} | ${median(must(rps, variant.id)).toFixed(0)} | ${cost} | ${median(must(loadgen, variant.id)).toFixed(1)} |`,
    );
  }
  const ratio = (id: string) => {
    const mine = cpu.get(id);
    if (!mine) return "";
    const each = mine.map((value, i) => value / (bare[i] ?? NaN));
    return `${fmtRange(each)}×`;
  };
  lines.push(
    "",
    `CPU per request ÷ bare node:http's, round by round: Express alone ${ratio("express-alone")}; all stages ${ratio("all")}; the real app ${ratio("app")}${cpu.has("app-before") ? `; the real app before ${ratio("app-before")}` : ""}.`,
  );
  const metrics = must(cpu, "-metrics");
  const app = must(cpu, "app");
  const stageShare = all.map((value, i) => (100 * (value - (metrics[i] ?? NaN))) / value);
  const ownShare = app.map((value) => (100 * metricsNs) / 1000 / value);
  lines.push(
    `The metrics' share of the CPU per job (target < 5 %): as a stage (all − without, round by round) ${fmtRange(stageShare)} %; measured alone (bench/lib/metrics-cost.ts) ${metricsNs.toFixed(0)} ns per job, ${median(ownShare).toFixed(3)} (${Math.min(...ownShare).toFixed(3)}–${Math.max(...ownShare).toFixed(3)}) % of the real app's CPU per request.`,
  );
  if (cpu.has("app-before")) {
    const after = must(cpu, "app");
    const gain = must(cpu, "app-before").map((value, i) => value / (after[i] ?? NaN));
    lines.push(`The app before ÷ now, CPU per request, round by round: ${fmtRange(gain)}×.`);
  }
  return lines.join("\n");
}

function must<T>(map: Map<string, T>, id: string): T {
  const value = map.get(id);
  if (value === undefined) throw new Error(`Expected figures for "${id}", got none`);
  return value;
}

function fmtRange(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(1)} (${(sorted[0] ?? NaN).toFixed(1)}–${(sorted.at(-1) ?? NaN).toFixed(1)})`;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(1));
}
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
