/**
 * The results of one `npm run bench`: raw runs summarised as medians with min–max, and every
 * comparison as a ratio between contenders of this same invocation.
 */
import type { Machine } from "../lib/machine.js";
import { summarize, type Summary } from "../lib/stats.js";
import type { DispatchRun } from "../scenarios/dispatch.js";
import type { LatencyRun } from "../scenarios/latency.js";
import type { ThroughputRun } from "../scenarios/throughput.js";
import type { BenchSettings } from "../settings.js";
import type { TargetCheck } from "./targets.js";

export interface ThroughputResult {
  id: string;
  label: string;
  messagesPerSecond: Summary;
  /** By role ("app", "daemon", "consumer", "queue"), plus "total" (all of them, run by run). */
  cpuMsPerJob: Record<string, Summary>;
  busyCores: Record<string, Summary>;
  peakRssMB: Record<string, Summary>;
  idleRssMB: Record<string, Summary>;
}

export interface Ratio {
  name: string;
  /** Median of the numerator over median of the denominator. */
  ratio: number;
  /** The ratio round by round (contenders of a round ran back to back): its spread. */
  byRound: Summary;
}

export interface DispatchResult {
  requestsPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  cpuMsPerRequest: Summary;
  /** The load generator's own CPU per request (autocannon, in the harness process). */
  loadGeneratorCpuMsPerRequest: Summary;
  non2xx: number;
  errors: number;
}

export interface NetworkResult {
  delayMs: number;
  throughput: ThroughputResult[];
  ratios: Ratio[];
}

export interface LatencyResult {
  p50Ms: Summary;
  p99Ms: Summary;
  messagesPerRun: number;
}

import type { WatermarkResult } from "../scenarios/watermark.js";
import type { IdempotencyStoreResult } from "../scenarios/idempotency-store.js";

export interface BenchResults {
  mode: BenchSettings["mode"];
  date: string;
  durationSeconds: number;
  machine: Machine;
  versions: Record<string, string>;
  settings: BenchSettings;
  throughput: ThroughputResult[];
  throughputRatios: Ratio[];
  dispatch: { app: DispatchResult; bare: DispatchResult; ratio: Ratio } | undefined;
  latency: LatencyResult | undefined;
  /** Scenario 6: end to end with every SQS call delayed, one entry per delay. */
  network?: NetworkResult[];
  /** Scenario 7: the watermark-image job at 1, 2 and 4 connections. */
  watermark?: WatermarkResult[];
  /** Scenario 8: the app with the DynamoDB idempotency store against the memory store. */
  idempotencyStore?: IdempotencyStoreResult;
  targets: TargetCheck[];
  /** What was not measured, and why. */
  notes: string[];
}

const summarizeBy = (records: Record<string, number>[]): Record<string, Summary> => {
  const keys = [...new Set(records.flatMap((record) => Object.keys(record)))];
  return Object.fromEntries(
    keys.map((key) => [key, summarize(records.map((record) => record[key] ?? NaN))]),
  );
};

export function summarizeThroughput(
  contenders: readonly { id: string; label: string }[],
  runs: readonly ThroughputRun[],
): ThroughputResult[] {
  return contenders.flatMap(({ id, label }) => {
    const mine = runs.filter((run) => run.contender === id);
    if (mine.length === 0) return [];
    const cpu = mine.map((run) => ({
      ...run.cpuMsPerJob,
      total: Object.values(run.cpuMsPerJob).reduce((sum, ms) => sum + ms, 0),
    }));
    return [
      {
        id,
        label,
        messagesPerSecond: summarize(mine.map((run) => run.messagesPerSecond)),
        cpuMsPerJob: summarizeBy(cpu),
        busyCores: summarizeBy(mine.map((run) => run.busyCores)),
        peakRssMB: summarizeBy(mine.map((run) => run.peakRssMB)),
        idleRssMB: summarizeBy(mine.map((run) => run.idleRssMB)),
      },
    ];
  });
}

/** numerator / denominator, from medians, with the round-by-round spread. */
export function ratioOf(
  name: string,
  numerator: readonly number[],
  denominator: readonly number[],
): Ratio {
  const rounds = Math.min(numerator.length, denominator.length);
  const byRound = Array.from(
    { length: rounds },
    (_, i) => (numerator[i] ?? NaN) / (denominator[i] ?? NaN),
  );
  return {
    name,
    ratio: summarize(numerator).median / summarize(denominator).median,
    byRound: summarize(byRound),
  };
}

export function throughputRatios(
  results: readonly ThroughputResult[],
  pairs: readonly [string, string][],
): Ratio[] {
  const byId = new Map(results.map((result) => [result.id, result]));
  return pairs.flatMap(([top, bottom]) => {
    const numerator = byId.get(top);
    const denominator = byId.get(bottom);
    if (!numerator || !denominator) return [];
    return [
      ratioOf(
        `${top} / ${bottom}`,
        numerator.messagesPerSecond.runs,
        denominator.messagesPerSecond.runs,
      ),
    ];
  });
}

export function summarizeDispatch(runs: readonly DispatchRun[]): DispatchResult {
  return {
    requestsPerSecond: summarize(runs.map((run) => run.requestsPerSecond)),
    p50Ms: summarize(runs.map((run) => run.p50Ms)),
    p99Ms: summarize(runs.map((run) => run.p99Ms)),
    cpuMsPerRequest: summarize(runs.map((run) => run.cpuMsPerRequest)),
    loadGeneratorCpuMsPerRequest: summarize(runs.map((run) => run.loadGeneratorCpuMsPerRequest)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
}

export function summarizeLatency(runs: readonly LatencyRun[]): LatencyResult {
  return {
    p50Ms: summarize(runs.map((run) => run.p50Ms)),
    p99Ms: summarize(runs.map((run) => run.p99Ms)),
    messagesPerRun: runs[0]?.messages ?? 0,
  };
}
