/**
 * One CloudWatch Embedded Metric Format document: the `_aws` metadata (Timestamp and one metric
 * directive with the namespace, one dimension set and the metric definitions), the dimension's
 * value and each metric's value as members of the root, as the EMF specification requires. It is
 * written as one log line by the existing logger (metrics-writer.ts), whose own members (level,
 * time, msg) the specification allows beside them.
 */
import type { EmfHistogram } from "./distribution.js";
import { METRICS_NAMESPACE } from "./names.js";

/** The CloudWatch units this project uses (the specification allows MetricDatum's units). */
export type EmfUnit = "Count" | "Milliseconds";

export interface EmfMetric {
  name: string;
  unit: EmfUnit;
  /** A count, or a histogram; undefined (nothing recorded) leaves the metric out. */
  value: number | EmfHistogram | undefined;
}

export interface EmfDocument {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: EmfUnit }[];
    }[];
  };
  [member: string]: unknown;
}

export function emfDocument(
  timestamp: number,
  dimension: string,
  dimensionValue: string,
  metrics: readonly EmfMetric[],
): EmfDocument {
  const definitions: { Name: string; Unit: EmfUnit }[] = [];
  const document: EmfDocument = {
    _aws: {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        { Namespace: METRICS_NAMESPACE, Dimensions: [[dimension]], Metrics: definitions },
      ],
    },
    [dimension]: dimensionValue,
  };
  for (const metric of metrics) {
    if (metric.value === undefined) continue;
    definitions.push({ Name: metric.name, Unit: metric.unit });
    document[metric.name] = metric.value;
  }
  return document;
}
