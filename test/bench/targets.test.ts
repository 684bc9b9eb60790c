import { expect } from "chai";
import { summarize } from "../../bench/lib/stats.js";
import { ratioOf, type ThroughputResult } from "../../bench/report/results.js";
import { checkTargets } from "../../bench/report/targets.js";

const project: ThroughputResult = {
  id: "project-50",
  label: "this project",
  messagesPerSecond: summarize([3000]),
  cpuMsPerJob: { total: summarize([0.6]) },
  busyCores: { app: summarize([0.9]) },
  peakRssMB: { app: summarize([90]) },
  idleRssMB: { app: summarize([60]) },
};

describe("the targets table", () => {
  it("says which targets hold, which do not, and which were not measured", () => {
    const checks = checkTargets({
      throughput: [project],
      ratios: [ratioOf("project-50 / sqs-consumer-message", [3000], [1000])],
      dispatchRatio: ratioOf("app / bare", [1], [4]),
      latency: undefined,
    });
    const byName = (start: string) => checks.find((check) => check.name.startsWith(start));
    expect(
      checks.find((c) => c.name === "End-to-end at 50 connections vs sqs-consumer handleMessage"),
    ).to.include({
      actual: "3.00×",
      holds: true,
    });
    expect(byName("End-to-end at 50 connections vs the ceiling")).to.include({
      actual: "not measured",
      holds: undefined,
    });
    expect(byName("CPU per job")).to.include({ actual: "0.600 ms/job", holds: false });
    expect(byName("Dispatch")).to.include({ actual: "0.25×", holds: false });
    expect(byName("App peak RSS")).to.include({ actual: "90.0 MB", holds: true });
    expect(byName("Idle latency")?.holds).to.equal(undefined);
  });
});
