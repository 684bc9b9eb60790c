/** The idempotency-store section of bench/results/latest.md (and of bench/idempotency-store.ts). */
import type { IdempotencyStoreResult } from "../scenarios/idempotency-store.js";
import { spread, table } from "./markdown.js";

export function idempotencyStoreSection(result: IdempotencyStoreResult | undefined): string[] {
  const lines = ["## 8. The DynamoDB idempotency store against the memory store", ""];
  if (!result) return [...lines, "Not measured.", ""];
  const calls = Object.entries(result.dynamodb.callsPerJob)
    .filter(([operation]) => operation !== "total")
    .map(([operation, perJob]) => `${operation} ${spread(perJob, 2)}`)
    .join(", ");
  return [
    ...lines,
    `The real app twice, once per store, ${result.jobsPerRun} no-op jobs per run at ${result.connections} connections (autocannon, a new message id per job), ${result.rounds} rounds alternating. The DynamoDB store talks to dynalite in the harness process: its CPU is not counted, only the app process's (/proc). DynamoDB calls are counted by a proxy in front of dynalite. Jobs/s with the DynamoDB store are bounded by dynalite, not by the app.`,
    "",
    table(
      ["store", "jobs/s", "app CPU µs per job", "DynamoDB calls per job"],
      ["l", "r", "r", "r"],
      [
        [
          "memory",
          spread(result.memory.jobsPerSecond),
          spread(result.memory.appCpuMicrosPerJob),
          "0",
        ],
        [
          "DynamoDB (dynalite)",
          spread(result.dynamodb.jobsPerSecond),
          spread(result.dynamodb.appCpuMicrosPerJob),
          `${spread(result.dynamodb.callsPerJob.total, 2)} (${calls})`,
        ],
      ],
    ),
    "",
    `Extra app CPU per job with the DynamoDB store, round by round: ${spread(result.extraCpuMicros)} µs; DynamoDB ÷ memory: ${spread(result.cpuRatio, 2)}×.`,
    "",
  ];
}
