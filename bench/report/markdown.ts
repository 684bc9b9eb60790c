/** Renders one run's results as bench/results/latest.md. */
import type { Summary } from "../lib/stats.js";
import type { BenchResults, DispatchResult, Ratio, ThroughputResult } from "./results.js";
import { networkSection } from "./network-markdown.js";
import { watermarkSection } from "./watermark-markdown.js";
import { idempotencyStoreSection } from "./idempotency-markdown.js";

const fixed = (value: number, digits: number): string =>
  Number.isFinite(value) ? value.toFixed(digits) : "n/a";

/** "median (min–max)"; the spread is left out when there was one run. */
export function spread(summary: Summary | undefined, digits = 0): string {
  if (!summary) return "–";
  const median = fixed(summary.median, digits);
  if (summary.runs.length < 2) return median;
  return `${median} (${fixed(summary.min, digits)}–${fixed(summary.max, digits)})`;
}

const row = (cells: readonly string[]): string => `| ${cells.join(" | ")} |`;

export function table(
  header: readonly string[],
  align: readonly ("l" | "r")[],
  rows: readonly (readonly string[])[],
): string {
  return [
    row(header),
    row(align.map((a) => (a === "r" ? "--:" : "---"))),
    ...rows.map((cells) => row(cells)),
  ].join("\n");
}

const holdsMark = (holds: boolean | undefined): string =>
  holds === undefined ? "not measured" : holds ? "yes" : "**no**";

export function throughputTable(results: readonly ThroughputResult[]): string {
  return table(
    [
      "contender",
      "msg/s",
      "CPU ms/job: contender",
      "CPU ms/job: queue",
      "CPU ms/job: total",
      "peak RSS MB",
    ],
    ["l", "r", "r", "r", "r", "r"],
    results.map((result) => {
      const roles = Object.keys(result.cpuMsPerJob).filter(
        (role) => role !== "queue" && role !== "total",
      );
      const perRole = (values: Record<string, Summary>, digits: number) =>
        roles.map((role) => `${role} ${spread(values[role], digits)}`).join("; ");
      return [
        result.label,
        spread(result.messagesPerSecond),
        perRole(result.cpuMsPerJob, 3),
        spread(result.cpuMsPerJob.queue, 3),
        spread(result.cpuMsPerJob.total, 3),
        perRole(result.peakRssMB, 0),
      ];
    }),
  );
}

export function busyTable(results: readonly ThroughputResult[]): string {
  return table(
    ["contender", "cores busy, by process"],
    ["l", "l"],
    results.map((result) => [
      result.label,
      Object.entries(result.busyCores)
        .map(([role, summary]) => `${role} ${spread(summary, 2)}`)
        .join("; "),
    ]),
  );
}

function memoryTable(results: readonly ThroughputResult[]): string {
  return table(
    ["contender", "process", "idle RSS MB", "peak RSS MB"],
    ["l", "l", "r", "r"],
    results.flatMap((result) =>
      Object.keys(result.peakRssMB).map((role) => [
        result.label,
        role,
        spread(result.idleRssMB[role], 0),
        spread(result.peakRssMB[role], 0),
      ]),
    ),
  );
}

export function ratioTable(ratios: readonly Ratio[]): string {
  return table(
    ["ratio (msg/s)", "ratio of medians", "round by round"],
    ["l", "r", "r"],
    ratios.map((ratio) => [ratio.name, `${fixed(ratio.ratio, 2)}×`, spread(ratio.byRound, 2)]),
  );
}

/** CPU seconds per second of the server process, from its median CPU per request and rate. */
const busyCores = (result: DispatchResult): number =>
  (result.cpuMsPerRequest.median * result.requestsPerSecond.median) / 1000;

function dispatchRow(name: string, result: DispatchResult): string[] {
  return [
    name,
    spread(result.requestsPerSecond),
    spread(result.p50Ms, 1),
    spread(result.p99Ms, 1),
    spread(result.cpuMsPerRequest, 3),
    `${result.non2xx} / ${result.errors}`,
  ];
}

export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const lines: string[] = [];
  lines.push(`# Benchmark results (${results.mode} mode)`, "");
  lines.push(
    `${results.date}, commit \`${machine.commit}\`${machine.dirty ? " (with uncommitted changes)" : ""}, ${results.durationSeconds.toFixed(0)} s. ` +
      `Medians of ${settings.throughputRounds} rounds with (min–max). ` +
      "Only the ratios between contenders of this one run mean anything: the machine is shared and noisy, and every absolute figure moves with it.",
    "",
  );
  lines.push(
    table(
      ["machine", ""],
      ["l", "l"],
      [
        ["CPU", `${machine.cpuModel}, ${machine.cores} cores`],
        ["memory", `${machine.memoryGiB} GiB`],
        ["load average at start", String(machine.loadAverage)],
        ["Node.js", `${machine.node} (${machine.platform})`],
        [
          "versions",
          Object.entries(results.versions)
            .map(([name, version]) => `${name} ${version}`)
            .join(", "),
        ],
      ],
    ),
    "",
  );
  lines.push("## Targets", "");
  lines.push(
    table(
      ["target", "wanted", "measured", "holds"],
      ["l", "r", "r", "l"],
      results.targets.map((check) => [
        check.name,
        check.target,
        check.actual,
        holdsMark(check.holds),
      ]),
    ),
    "",
  );
  lines.push(
    `## 1. End-to-end throughput (N = ${settings.throughputMessages.toLocaleString("en")} no-op jobs)`,
    "",
  );
  lines.push(
    "Each contender drains a fresh queue holding N messages, in its own process(es); timed from go (processes already started and connected) until the queue holds no message, visible or in flight. CPU is user + system from /proc over the same window, per job; peak RSS is VmHWM (scenarios 4 and 5).",
    "",
  );
  lines.push(throughputTable(results.throughput), "", ratioTable(results.throughputRatios), "");
  lines.push(
    "How busy each process was during the run (CPU seconds per wall second; 1.00 is one core). A process at its share of the machine is the bottleneck; the machine has " +
      `${machine.cores} cores, shared with whatever else runs on it.`,
    "",
    busyTable(results.throughput),
    "",
  );
  lines.push("## 2. Dispatch overhead", "");
  if (results.dispatch) {
    lines.push(
      `autocannon, ${settings.dispatchSeconds} s per run at 50 connections, POSTing a valid no-op job with sqsd 3.0.4's headers and a new message id on every request (a repeated id would take the app's "already completed" short cut).`,
      "",
      table(
        ["server", "req/s", "p50 ms", "p99 ms", "CPU ms/request", "non-2xx / errors"],
        ["l", "r", "r", "r", "r", "r"],
        [
          dispatchRow("worker app", results.dispatch.app),
          dispatchRow("bare node:http", results.dispatch.bare),
        ],
      ),
      "",
      `Ratio app / bare: ${fixed(results.dispatch.ratio.ratio, 2)}× (round by round ${spread(results.dispatch.ratio.byRound, 2)}).`,
      "",
      `The bare server was ${fixed(busyCores(results.dispatch.bare), 2)} cores busy and the app ${fixed(busyCores(results.dispatch.app), 2)}; the load generator (autocannon, one thread in the harness) spent ${spread(results.dispatch.bare.loadGeneratorCpuMsPerRequest, 3)} ms of CPU per request against the bare server and ${spread(results.dispatch.app.loadGeneratorCpuMsPerRequest, 3)} against the app. A server well below one core while the load generator is near one was held back by it, and then the req/s ratio flatters the app: the CPU-per-request ratio (in the targets) does not depend on it.`,
      "",
    );
  } else lines.push("Not measured.", "");
  lines.push("## 3. Latency on an idle queue", "");
  if (results.latency) {
    lines.push(
      `${results.latency.messagesPerRun} single messages per run, sent one at a time; from SendMessage returning to the handler starting (daemon at HttpConnections 50).`,
      "",
      table(
        ["", "ms"],
        ["l", "r"],
        [
          ["p50", spread(results.latency.p50Ms, 1)],
          ["p99", spread(results.latency.p99Ms, 1)],
        ],
      ),
      "",
    );
  } else lines.push("Not measured.", "");
  lines.push("## 4. Memory and 5. CPU per job", "");
  lines.push(
    "Resident memory of each contender's processes in the end-to-end runs: once loaded and idle (before go) and at its peak (VmHWM at the end). CPU per job is in the end-to-end table above: user + system seconds from /proc over the run, divided by N.",
    "",
    memoryTable(results.throughput),
    "",
  );
  lines.push(...networkSection(results));
  lines.push(...watermarkSection(results));
  lines.push(...idempotencyStoreSection(results.idempotencyStore));
  if (results.notes.length > 0) {
    lines.push("## Notes", "", ...results.notes.map((note) => `- ${note}`), "");
  }
  return lines.join("\n");
}
