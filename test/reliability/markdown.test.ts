import { expect } from "chai";
import { renderReport } from "../../reliability/report/markdown.js";
import {
  allTargetsMet,
  targetsOf,
  type ReliabilityResults,
  type ScenarioResult,
} from "../../reliability/report/results.js";

const scenario = (overrides: Partial<ScenarioResult>): ScenarioResult => ({
  scenario: "kill-app",
  title: "kill -9 of the app",
  messages: 2000,
  lost: 0,
  deadLetteredUnrun: 0,
  duplicateRuns: 0,
  crashes: 0,
  figures: { runsAtKill: 800, "RSS over time": "87 → 175 MB" },
  notes: [],
  setup: "HttpConnections 50.",
  ...overrides,
});

const results = (scenarios: ScenarioResult[]): ReliabilityResults => ({
  mode: "quick",
  date: "2026-11-27T00:00:00.000Z",
  durationSeconds: 90,
  machine: {
    cpuModel: "AMD EPYC",
    cores: 2,
    memoryGiB: 23.5,
    loadAverage: 1.5,
    node: "v20.20.2",
    platform: "linux x64",
    commit: "abc123def456",
    dirty: false,
  },
  versions: { fauxqs: "1.9.2" },
  scenarios,
});

describe("the reliability report", () => {
  it("marks a scenario whose counts are all zero as meeting every target", () => {
    const clean = scenario({});
    expect(allTargetsMet(clean)).to.equal(true);
    expect(renderReport(results([clean]))).to.contain(
      "| kill -9 of the app | 2,000 | 0 | 0 | 0 | 0 | met |",
    );
  });

  it("shows every missed target as missed, in the summary and in the scenario's section", () => {
    const missed = scenario({
      scenario: "slow-jobs",
      title: "Slow jobs",
      duplicateRuns: 2,
      deadLetteredUnrun: 1,
    });
    const report = renderReport(results([missed]));
    expect(allTargetsMet(missed)).to.equal(false);
    expect(report).to.contain(
      "| Slow jobs | 2,000 | 0 | 1 | 2 | 0 | **missed**: dead-lettered unrun, duplicate runs |",
    );
    expect(report).to.contain("| duplicate runs | 0 | 2 | **missed** |");
    expect(report).to.contain("0 of 1 scenarios meet every target");
  });

  it("accepts duplicate runs where a kill makes them unavoidable, and says why", () => {
    const killed = scenario({
      duplicateRuns: 3,
      duplicatesUnavoidableBecause: "the app was killed after the work",
    });
    expect(targetsOf(killed).find((target) => target.name === "duplicate runs")?.met).to.equal(
      true,
    );
    const report = renderReport(results([killed]));
    expect(report).to.contain("| 3 (unavoidable) |");
    expect(report).to.contain(
      "Duplicate runs are unavoidable here: the app was killed after the work.",
    );
  });

  it("fails a scenario on its own extra targets, such as the app's RSS", () => {
    const fuzz = scenario({
      scenario: "fuzz",
      title: "Fuzz",
      extraTargets: [
        { name: "app RSS during the run", wanted: "< 150 MB", measured: "175 MB peak", met: false },
      ],
    });
    const report = renderReport(results([fuzz]));
    expect(report).to.contain("**missed**: app RSS during the run");
    expect(report).to.contain("| app RSS during the run | < 150 MB | 175 MB peak | **missed** |");
  });

  it("keeps notes and figures with pipes or line breaks inside one table cell or list item", () => {
    const report = renderReport(
      results([
        scenario({ figures: { calls: "a | b" }, notes: ["crash: app exited\nstack line"] }),
      ]),
    );
    expect(report).to.contain("| calls | a \\| b |");
    expect(report).to.contain("- crash: app exited stack line");
  });
});
