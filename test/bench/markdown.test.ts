import { expect } from "chai";
import { summarize } from "../../bench/lib/stats.js";
import { renderMarkdown, spread } from "../../bench/report/markdown.js";
import {
  summarizeThroughput,
  throughputRatios,
  type BenchResults,
} from "../../bench/report/results.js";
import { checkTargets } from "../../bench/report/targets.js";
import type { ThroughputRun } from "../../bench/scenarios/throughput.js";
import { QUICK } from "../../bench/settings.js";

const run = (contender: string, messagesPerSecond: number): ThroughputRun => ({
  contender,
  messages: 2000,
  seconds: 2000 / messagesPerSecond,
  messagesPerSecond,
  cpuMsPerJob: { consumer: 0.2, queue: 0.05 },
  busyCores: { consumer: 0.9, queue: 0.1 },
  peakRssMB: { consumer: 120 },
  idleRssMB: { consumer: 60 },
});

describe("the results report", () => {
  it("prints a median with its spread, and only the median for a single run", () => {
    expect(spread(summarize([3, 1, 2]))).to.equal("2 (1–3)");
    expect(spread(summarize([1.234]), 2)).to.equal("1.23");
    expect(spread(undefined)).to.equal("–");
  });

  it("renders the machine, the targets and each scenario, saying what was not measured", () => {
    const contenders = [
      { id: "sqs-consumer-batch", label: "sqs-consumer batch" },
      { id: "ceiling", label: "the ceiling" },
    ];
    const throughput = summarizeThroughput(contenders, [
      run("sqs-consumer-batch", 900),
      run("ceiling", 1000),
      run("sqs-consumer-batch", 1100),
      run("ceiling", 1000),
    ]);
    const ratios = throughputRatios(throughput, [
      ["sqs-consumer-batch", "ceiling"],
      ["project-50", "ceiling"],
    ]);
    expect(ratios.map((ratio) => ratio.name)).to.deep.equal(["sqs-consumer-batch / ceiling"]);
    const results: BenchResults = {
      mode: "quick",
      date: "2026-11-27T00:00:00.000Z",
      durationSeconds: 30,
      machine: {
        cpuModel: "Test CPU",
        cores: 2,
        memoryGiB: 4,
        loadAverage: 0.5,
        node: "v20.19.0",
        platform: "linux x64",
        commit: "abc123",
        dirty: false,
      },
      versions: { "sqs-consumer": "14.2.8" },
      settings: QUICK,
      throughput,
      throughputRatios: ratios,
      dispatch: undefined,
      latency: undefined,
      targets: checkTargets({ throughput, ratios, dispatch: undefined, latency: undefined }),
      notes: ["A note."],
    };
    const markdown = renderMarkdown(results);
    expect(markdown).to.include("# Benchmark results (quick mode)");
    expect(markdown).to.include("| CPU | Test CPU, 2 cores |");
    expect(markdown).to.include("| sqs-consumer batch | 1000 (900–1100) |");
    expect(markdown).to.include("| sqs-consumer-batch / ceiling | 1.00× | 1.00 (0.90–1.10) |");
    expect(markdown).to.include(
      "| End to end vs the ceiling | ≥ 0.65× | not measured | not measured |",
    );
    expect(markdown).to.include("## 2. Dispatch overhead\n\nNot measured.");
    expect(markdown).to.include("- A note.");
  });
});
