/**
 * Writes the aggregated metrics as EMF log lines through the app's logger: every `intervalMs`,
 * and once more at stop so the last interval is not lost. A flush writes one line per job type
 * and per task that had deliveries, never one per job.
 */
import type { Logger } from "../logger.js";
import type { JobMetrics } from "./job-metrics.js";

export interface MetricsWriter {
  /** Writes what was recorded since the last flush. */
  flush(): void;
  /** Stops the interval and flushes a last time. */
  stop(): void;
}

/** `now`: the EMF Timestamp's clock. @default Date.now */
export function startMetricsWriter(
  metrics: JobMetrics,
  log: Logger,
  intervalMs: number,
  now: () => number = Date.now,
): MetricsWriter {
  // At info whatever LOG_LEVEL says: LOG_LEVEL=warn quiets the job lines, not the metrics. Only
  // "silent" (nothing on stdout) silences them too.
  const out = log.level === "silent" ? log : log.child({}, { level: "info" });
  const flush = () => {
    for (const document of metrics.take(now())) out.info(document, "metrics");
  };
  const timer = setInterval(flush, intervalMs);
  // A pending flush must not keep a stopping process alive; stop() writes the last one.
  timer.unref();
  return {
    flush,
    stop() {
      clearInterval(timer);
      flush();
    },
  };
}
