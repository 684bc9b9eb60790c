import { expect } from "chai";
import { summarize } from "../../bench/lib/stats.js";
import { idempotencyStoreSection } from "../../bench/report/idempotency-markdown.js";
import type { IdempotencyStoreResult } from "../../bench/scenarios/idempotency-store.js";

describe("the idempotency-store section of the results report", () => {
  it("prints each store's jobs/s, app CPU and DynamoDB calls per job, and the extra CPU per job", () => {
    const result: IdempotencyStoreResult = {
      jobsPerRun: 400,
      rounds: 2,
      connections: 10,
      memory: { jobsPerSecond: summarize([400, 380]), appCpuMicrosPerJob: summarize([1000, 1200]) },
      dynamodb: {
        jobsPerSecond: summarize([60, 50]),
        appCpuMicrosPerJob: summarize([5000, 5400]),
        callsPerJob: {
          PutItem: summarize([1, 1]),
          UpdateItem: summarize([1, 1]),
          total: summarize([2, 2]),
        },
      },
      cpuRatio: summarize([5, 4.5]),
      extraCpuMicros: summarize([4000, 4200]),
    };
    const text = idempotencyStoreSection(result).join("\n");
    expect(text).to.include("| memory | 390 (380–400) | 1100 (1000–1200) | 0 |");
    expect(text).to.include(
      "| DynamoDB (dynalite) | 55 (50–60) | 5200 (5000–5400) | 2.00 (2.00–2.00) (PutItem 1.00 (1.00–1.00), UpdateItem 1.00 (1.00–1.00)) |",
    );
    expect(text).to.include("4100 (4000–4200) µs; DynamoDB ÷ memory: 4.75 (4.50–5.00)×");
  });

  it("says the scenario was not measured when a run has no result for it", () => {
    expect(idempotencyStoreSection(undefined)).to.include("Not measured.");
  });
});
