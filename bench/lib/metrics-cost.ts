/**
 * The metrics' own CPU per job, measured in-process: the one call the outcome line makes
 * (JobMetrics.recordDelivery), a million times over a realistic mix, plus a flush every 10,000
 * jobs written to a discarding logger. In the stage table the same cost is the difference of two
 * noisy servers; here it is measured alone, to set beside the app's CPU per request.
 */
import { Writable } from "node:stream";
import { pino } from "pino";
import { JobMetrics } from "../../src/metrics/job-metrics.js";
import { startMetricsWriter } from "../../src/metrics/metrics-writer.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";
import type { Reason } from "../../src/delivery/outcomes.js";

const JOBS = 1_000_000;
const TYPES = ["send-email", "resize-image", "sync-feed", "noop"];
const REASONS: Reason[] = [
  "completed",
  "completed",
  "completed",
  "handler-failed",
  "over-capacity",
];

/** Nanoseconds of CPU per job, the median of `rounds`. */
export function metricsNanosecondsPerJob(rounds = 5): number {
  const discard = new Writable({
    write(_chunk, _encoding, done) {
      done();
    },
  });
  const logger = pino({ level: "info", base: undefined }, discard);
  const now = new Date();
  const delivery: SqsdDelivery = {
    messageId: "m",
    receiveCount: 1,
    firstReceivedAt: now,
    sentAt: now,
    queue: "bench",
    senderId: undefined,
    path: "/",
    attributes: {},
    task: undefined,
  };
  const results: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const metrics = new JobMetrics(TYPES, []);
    const writer = startMetricsWriter(metrics, logger, 3_600_000);
    const before = process.cpuUsage();
    for (let i = 0; i < JOBS; i += 1) {
      const reason = REASONS[i % REASONS.length] ?? "completed";
      metrics.recordDelivery(TYPES[i % TYPES.length], delivery, reason, 2 + (i % 97), 900 + i);
      if (i % 10_000 === 9_999) writer.flush();
    }
    writer.stop();
    const used = process.cpuUsage(before);
    results.push(((used.user + used.system) * 1000) / JOBS);
  }
  results.sort((a, b) => a - b);
  return results[Math.floor(results.length / 2)] ?? NaN;
}
