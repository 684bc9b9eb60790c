/** Scenario 6 of bench/results/latest.md: end to end with every SQS call delayed. */
import { busyTable, ratioTable, throughputTable } from "./markdown.js";
import type { BenchResults } from "./results.js";

export function networkSection(results: BenchResults): string[] {
  const lines = ["## 6. The real network: every SQS call delayed", ""];
  if (!results.network || results.network.length === 0) return [...lines, "Not measured.", ""];
  lines.push(
    `N = ${results.settings.networkMessages.toLocaleString("en")} no-op jobs per run, ${results.settings.networkRounds} round(s); a proxy in front of the embedded SQS (127.0.0.1) holds each of the contenders' SQS calls before forwarding it, as a real endpoint's round trip would. Equal concurrency: the daemon at HttpConnections 50, the others 5 pollers × 10 messages.`,
    "",
  );
  for (const run of results.network) {
    lines.push(
      `### +${run.delayMs} ms per SQS call`,
      "",
      throughputTable(run.throughput),
      "",
      ratioTable(run.ratios),
      "",
      busyTable(run.throughput),
      "",
    );
  }
  return lines;
}
