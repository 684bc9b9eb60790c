import { expect } from "chai";
import { JobMetrics } from "../../src/metrics/job-metrics.js";
import type { Reason } from "../../src/delivery/outcomes.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";

const NOW = Date.UTC(2026, 10, 27, 14, 0, 30);

function delivery(overrides: Partial<SqsdDelivery> = {}): SqsdDelivery {
  return {
    messageId: "m",
    receiveCount: 1,
    firstReceivedAt: new Date(NOW),
    sentAt: new Date(NOW),
    queue: "worker-queue",
    senderId: undefined,
    path: "/",
    attributes: {},
    task: undefined,
    ...overrides,
  };
}

describe("the metrics of deliveries", () => {
  it("counts each outcome by its status: done, failed for the job's sake, refused for the worker's, already done", () => {
    const metrics = new JobMetrics(["echo"], [], () => NOW);
    const reasons: Reason[] = [
      "completed",
      "handler-failed",
      "timed-out",
      "parked",
      "invalid-payload",
      "over-capacity",
      "job-type-busy",
      "already-running",
      "already-completed",
    ];
    for (const reason of reasons) metrics.recordDelivery("echo", delivery(), reason, 5, 1005);
    const [document] = metrics.take(NOW);
    expect(document).to.include({
      JobType: "echo",
      JobsCompleted: 1,
      JobsFailed: 4,
      JobsRetried: 3,
      JobsSkipped: 1,
    });
    expect(document?.QueueLag).to.include({ Count: 9, Max: 1000, Min: 1000 });
  });

  it("counts an acknowledged delivery that runs nothing (S3's test event) as skipped, and a delayed retry as a failure", () => {
    const metrics = new JobMetrics(["echo"], [], () => NOW);
    metrics.recordDelivery("echo", delivery(), "ignored", 1, 1);
    metrics.recordDelivery("echo", delivery(), "retry-scheduled", 1, 1);
    const [document] = metrics.take(NOW);
    expect(document).to.include({ JobsSkipped: 1, JobsFailed: 1, JobsCompleted: 0 });
  });

  it("does not count a periodic task's guarded skips (not its local time, stale, still running) as runs or failures", () => {
    const metrics = new JobMetrics([], ["nightly"], () => NOW);
    const task = { name: "nightly", scheduledAt: new Date(NOW - 30_000) };
    metrics.recordDelivery("nightly", delivery({ task }), "completed", 10, 30_000);
    for (const reason of [
      "skipped-not-local-time",
      "skipped-stale",
      "skipped-still-running",
    ] as const) {
      metrics.recordDelivery("nightly", delivery({ task }), reason, 0, 30_000);
    }
    const [document] = metrics.take(NOW);
    expect(document).to.include({ Task: "nightly", TaskRuns: 1, TaskFailures: 0 });
  });

  it("counts a name it was not given under (unknown), never as a new dimension value", () => {
    const metrics = new JobMetrics(["echo"], ["nightly"], () => NOW);
    metrics.recordDelivery("made-up", delivery(), "unknown-job-type", 1, 1);
    metrics.recordDelivery(undefined, delivery(), "invalid-json", 1, 1);
    const task = { name: "gone", scheduledAt: new Date(NOW - 30_000) };
    metrics.recordDelivery("gone", delivery({ task }), "parked", 1, 1);
    const documents = metrics.take(NOW);
    expect(documents.map((d) => d.JobType ?? d.Task)).to.deep.equal(["(unknown)", "(unknown)"]);
    expect(documents[0]).to.include({ JobsFailed: 2 });
    expect(documents[1]).to.include({ TaskRuns: 1, TaskFailures: 1 });
  });

  it("counts a periodic task's runs and lateness, not its refused or repeated deliveries", () => {
    const metrics = new JobMetrics([], ["nightly"], () => NOW);
    const task = { name: "nightly", scheduledAt: new Date(NOW - 30_000) };
    metrics.recordDelivery("nightly", delivery({ task }), "completed", 10_000, 30_000);
    metrics.recordDelivery("nightly", delivery({ task }), "handler-failed", 0, 30_000);
    metrics.recordDelivery("nightly", delivery({ task }), "already-running", 0, 30_000);
    metrics.recordDelivery("nightly", delivery({ task }), "already-completed", 0, 30_000);
    const [document] = metrics.take(NOW);
    expect(document).to.include({ Task: "nightly", TaskRuns: 2, TaskFailures: 1 });
    // Started 10 s before the answer, 20 s after the scheduled minute; the other at 30 s.
    expect(document?.TaskLateness).to.include({ Min: 20_000, Max: 30_000, Count: 2 });
  });

  it("writes nothing for an interval without deliveries, and starts each interval from zero", () => {
    const metrics = new JobMetrics(["echo"], [], () => NOW);
    metrics.recordDelivery("echo", delivery(), "completed", 1, 1);
    expect(metrics.take(NOW)).to.have.length(1);
    expect(metrics.take(NOW + 60_000)).to.deep.equal([]);
    metrics.recordDelivery("echo", delivery(), "completed", 1, 1);
    expect(metrics.take(NOW + 120_000)[0]).to.include({ JobsCompleted: 1 });
  });
});
