import { expect } from "chai";
import { summarize } from "../../bench/lib/stats.js";
import { ratioOf, type DispatchResult, type ThroughputResult } from "../../bench/report/results.js";
import { checkTargets } from "../../bench/report/targets.js";

const project: ThroughputResult = {
  id: "project-50",
  label: "this project",
  messagesPerSecond: summarize([3000]),
  cpuMsPerJob: { daemon: summarize([0.13]), app: summarize([0.1]), total: summarize([0.6]) },
  busyCores: { app: summarize([0.9]) },
  peakRssMB: { app: summarize([90]), daemon: summarize([120]) },
  idleRssMB: { app: summarize([60]) },
};

const ceiling: ThroughputResult = {
  ...project,
  id: "ceiling",
  label: "ceiling",
  cpuMsPerJob: { consumer: summarize([0.1]) },
  peakRssMB: { consumer: summarize([117]) },
};

function dispatchOf(cpuMsPerRequest: number): DispatchResult {
  return {
    requestsPerSecond: summarize([1000]),
    p50Ms: summarize([1]),
    p99Ms: summarize([2]),
    cpuMsPerRequest: summarize([cpuMsPerRequest]),
    loadGeneratorCpuMsPerRequest: summarize([0.02]),
    non2xx: 0,
    errors: 0,
  };
}

describe("the targets table", () => {
  it("checks issue 12's ratios to references of the same run, and says which were not measured", () => {
    const checks = checkTargets({
      throughput: [project, ceiling],
      ratios: [ratioOf("project-50 / sqs-consumer-message", [3000], [1000])],
      dispatch: {
        app: dispatchOf(0.06),
        bare: dispatchOf(0.015),
        ratio: ratioOf("app / bare", [1], [4]),
      },
      latency: undefined,
    });
    const byName = (start: string) => checks.find((check) => check.name.startsWith(start));
    expect(byName("App CPU per request")).to.include({ actual: "4.00×", holds: true });
    expect(byName("Dispatch requests/s")).to.include({ actual: "0.25×", holds: false });
    expect(byName("Daemon CPU per job")).to.include({ actual: "1.30×", holds: false });
    expect(byName("End to end (HttpConnections 50) vs sqs-consumer handleMessage")).to.include({
      actual: "3.00×",
      holds: true,
    });
    expect(byName("End to end vs the ceiling")).to.include({
      actual: "not measured",
      holds: undefined,
    });
    expect(byName("App peak RSS")).to.include({ actual: "90.0 MB", holds: true });
    expect(byName("Daemon peak RSS")).to.include({
      target: "≤ 117 MB",
      actual: "120 MB",
      holds: false,
    });
    expect(byName("Idle latency")).to.include({ target: "< 5 ms", holds: undefined });
  });
});
