/**
 * What a CloudWatch alarm of `.ebextensions` watches: its metrics (the single metric of a
 * classic alarm, or each MetricStat of a metric-math alarm) and how long a window it evaluates.
 */
import { asList, asRecord, recordAt, refersTo } from "../eb/cloudformation.js";
import type { Ebextensions } from "../eb/ebextensions.js";
import { resourcesOfType, type NamedResource } from "./resources.js";

export interface AlarmMetric {
  namespace: string;
  metricName: string;
  /** Dimension name → value as written (a string, or a Ref/Fn::GetAtt). */
  dimensions: Record<string, unknown>;
  /** The metric's period: its MetricStat's, or the alarm's. */
  period: number | undefined;
}

export interface Alarm extends NamedResource {
  metrics: AlarmMetric[];
}

export function alarmsOf(ebextensions: Ebextensions): Alarm[] {
  return resourcesOfType(ebextensions, "AWS::CloudWatch::Alarm").map((alarm) => ({
    ...alarm,
    metrics: metricsOf(alarm.properties),
  }));
}

function metricsOf(properties: Record<string, unknown>): AlarmMetric[] {
  const metric = (source: Record<string, unknown> | undefined, period: unknown): AlarmMetric[] =>
    source?.MetricName === undefined
      ? []
      : [
          {
            namespace: text(source.Namespace),
            metricName: text(source.MetricName),
            dimensions: Object.fromEntries(
              asList(source.Dimensions).map((dimension) => [
                String(asRecord(dimension)?.Name),
                asRecord(dimension)?.Value,
              ]),
            ),
            period: typeof period === "number" ? period : undefined,
          },
        ];
  return [
    ...metric(properties, properties.Period),
    ...asList(properties.Metrics).flatMap((query) => {
      const stat = recordAt(query, "MetricStat");
      return metric(recordAt(stat, "Metric"), stat?.Period);
    }),
  ];
}

/** A name as written; a function (a Ref where a name belongs) as its JSON. */
function text(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The alarms watching `metricName` in `namespace` with a dimension `name` equal to `value` (or referring to the resource `value`). */
export function alarmsOn(
  alarms: readonly Alarm[],
  namespace: string,
  metricName: string,
  dimension: { name: string; value: string },
): Alarm[] {
  return alarms.filter((alarm) =>
    alarm.metrics.some(
      (metric) =>
        metric.namespace === namespace &&
        metric.metricName === metricName &&
        (metric.dimensions[dimension.name] === dimension.value ||
          refersTo(metric.dimensions[dimension.name], dimension.value)),
    ),
  );
}

/** Period × EvaluationPeriods in seconds: how long the alarm's condition must hold. */
export function windowSeconds(alarm: Alarm): number | undefined {
  const period = alarm.metrics.find((metric) => metric.period !== undefined)?.period;
  const evaluations = alarm.properties.EvaluationPeriods;
  return period === undefined || typeof evaluations !== "number" ? undefined : period * evaluations;
}

/** The threshold as a number, when the file gives one. */
export function thresholdOf(alarm: Alarm): number | undefined {
  const threshold = alarm.properties.Threshold;
  return typeof threshold === "number" ? threshold : undefined;
}
