/**
 * The targets of issue 5, checked against one run's results. The build never fails on them;
 * the table says whether each holds.
 */
import type { Summary } from "../lib/stats.js";
import type { LatencyResult, Ratio, ThroughputResult } from "./results.js";

export interface TargetCheck {
  name: string;
  target: string;
  /** The measured value as printed, or "not measured". */
  actual: string;
  holds: boolean | undefined;
}

/** The contender whose figures the targets are about: the daemon + app at HttpConnections 50. */
export const PROJECT_AT_50 = "project-50";

export function checkTargets(input: {
  throughput: readonly ThroughputResult[];
  ratios: readonly Ratio[];
  dispatchRatio: Ratio | undefined;
  latency: LatencyResult | undefined;
}): TargetCheck[] {
  const ratio = (name: string) => input.ratios.find((r) => r.name === name);
  const project = input.throughput.find((result) => result.id === PROJECT_AT_50);
  const atLeast = (name: string, measured: Ratio | undefined, minimum: number): TargetCheck => ({
    name,
    target: `≥ ${minimum.toFixed(2)}×`,
    actual: measured ? `${measured.ratio.toFixed(2)}×` : "not measured",
    holds: measured ? measured.ratio >= minimum : undefined,
  });
  const below = (
    name: string,
    measured: Summary | undefined,
    maximum: number,
    unit: string,
  ): TargetCheck => ({
    name,
    target: `< ${maximum} ${unit}`,
    actual: measured
      ? `${measured.median.toFixed(unit === "ms/job" ? 3 : 1)} ${unit}`
      : "not measured",
    holds: measured ? measured.median < maximum : undefined,
  });
  return [
    atLeast(
      "End-to-end at 50 connections vs sqs-consumer handleMessage",
      ratio(`${PROJECT_AT_50} / sqs-consumer-message`),
      2,
    ),
    atLeast(
      "End-to-end at 50 connections vs sqs-consumer handleMessageBatch",
      ratio(`${PROJECT_AT_50} / sqs-consumer-batch`),
      1,
    ),
    atLeast(
      "End-to-end at 50 connections vs the ceiling",
      ratio(`${PROJECT_AT_50} / ceiling`),
      0.85,
    ),
    below("CPU per job, daemon + app + queue server", project?.cpuMsPerJob.total, 0.5, "ms/job"),
    atLeast("Dispatch requests/s vs bare node:http", input.dispatchRatio, 0.5),
    below("Idle latency p50, SendMessage to handler start", input.latency?.p50Ms, 30, "ms"),
    below("App peak RSS during end-to-end at 50 connections", project?.peakRssMB.app, 100, "MB"),
  ];
}
