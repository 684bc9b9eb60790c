/**
 * The targets of issue 12, checked against one run's results. Ratios to references measured in
 * the same run (RSS and idle latency aside): every absolute figure moves 2–3× between machines
 * and days, the ratios do not. The build never fails on them; the table says whether each holds.
 */
import type { Summary } from "../lib/stats.js";
import type { DispatchResult, LatencyResult, Ratio, ThroughputResult } from "./results.js";

export interface TargetCheck {
  name: string;
  target: string;
  /** The measured value as printed, or "not measured". */
  actual: string;
  holds: boolean | undefined;
}

/** The contender whose figures the targets are about: the daemon + app at HttpConnections 50. */
export const PROJECT_AT_50 = "project-50";

type Check = (measured: number | undefined) => TargetCheck;

const ratioAtLeast =
  (name: string, minimum: number): Check =>
  (measured) => ({
    name,
    target: `≥ ${minimum.toFixed(2)}×`,
    actual: measured === undefined ? "not measured" : `${measured.toFixed(2)}×`,
    holds: measured === undefined ? undefined : measured >= minimum,
  });

const ratioAtMost =
  (name: string, maximum: number): Check =>
  (measured) => ({
    name,
    target: `≤ ${maximum.toFixed(1)}×`,
    actual: measured === undefined ? "not measured" : `${measured.toFixed(2)}×`,
    holds: measured === undefined ? undefined : measured <= maximum,
  });

const below = (name: string, maximum: number, unit: string, measured: Summary | undefined) => ({
  name,
  target: `< ${maximum} ${unit}`,
  actual: measured ? `${measured.median.toFixed(1)} ${unit}` : "not measured",
  holds: measured ? measured.median < maximum : undefined,
});

const quotient = (top: Summary | undefined, bottom: Summary | undefined): number | undefined =>
  top && bottom ? top.median / bottom.median : undefined;

export function checkTargets(input: {
  throughput: readonly ThroughputResult[];
  ratios: readonly Ratio[];
  dispatch: { app: DispatchResult; bare: DispatchResult; ratio: Ratio } | undefined;
  latency: LatencyResult | undefined;
}): TargetCheck[] {
  const ratio = (name: string) => input.ratios.find((r) => r.name === name)?.ratio;
  const byId = (id: string) => input.throughput.find((result) => result.id === id);
  const project = byId(PROJECT_AT_50);
  const ceiling = byId("ceiling");
  const daemonRss = project?.peakRssMB.daemon;
  const ceilingRss = ceiling?.peakRssMB.consumer;
  return [
    ratioAtMost(
      "App CPU per request in the dispatch test ÷ bare node:http's",
      4,
    )(quotient(input.dispatch?.app.cpuMsPerRequest, input.dispatch?.bare.cpuMsPerRequest)),
    ratioAtLeast("Dispatch requests/s vs bare node:http", 0.3)(input.dispatch?.ratio.ratio),
    ratioAtMost(
      "Daemon CPU per job ÷ the ceiling consumer's CPU per job",
      1.2,
    )(quotient(project?.cpuMsPerJob.daemon, ceiling?.cpuMsPerJob.consumer)),
    ratioAtLeast(
      "End to end (HttpConnections 50) vs sqs-consumer handleMessage",
      1.5,
    )(ratio(`${PROJECT_AT_50} / sqs-consumer-message`)),
    ratioAtLeast(
      "End to end vs sqs-consumer handleMessageBatch",
      0.75,
    )(ratio(`${PROJECT_AT_50} / sqs-consumer-batch`)),
    ratioAtLeast("End to end vs the ceiling", 0.65)(ratio(`${PROJECT_AT_50} / ceiling`)),
    below(
      "App peak RSS under load (end to end, HttpConnections 50)",
      100,
      "MB",
      project?.peakRssMB.app,
    ),
    {
      name: "Daemon peak RSS ≤ the ceiling consumer's peak in the same run",
      target: ceilingRss ? `≤ ${ceilingRss.median.toFixed(0)} MB` : "≤ the ceiling's",
      actual: daemonRss ? `${daemonRss.median.toFixed(0)} MB` : "not measured",
      holds: daemonRss && ceilingRss ? daemonRss.median <= ceilingRss.median : undefined,
    },
    below("Idle latency p50, SendMessage to handler start", 5, "ms", input.latency?.p50Ms),
  ];
}
