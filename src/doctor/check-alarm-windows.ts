/**
 * CloudWatch refuses an alarm whose Period × EvaluationPeriods exceeds one day for periods under
 * an hour, or seven days otherwise (PutMetricAlarm), and the whole deployment fails with it.
 */
import { maxWindowSeconds } from "../eb/alarm-window.js";
import { whereIn, type Deployment } from "./deployment.js";
import { alarmsOf, windowSeconds } from "./alarm-metrics.js";

const HOUR_SECONDS = 3600;

export function checkAlarmWindows(deployment: Deployment): string[] {
  const { root, ebextensions } = deployment;
  return alarmsOf(ebextensions).flatMap((alarm) => {
    const window = windowSeconds(alarm);
    const period = alarm.metrics.find((metric) => metric.period !== undefined)?.period;
    if (window === undefined || period === undefined) return [];
    const limit = maxWindowSeconds(period);
    if (window <= limit) return [];
    return [
      `${whereIn(root, alarm.located)}: expected ${alarm.name}'s Period × EvaluationPeriods at most ${limit} s (CloudWatch's limit for a period ${period < HOUR_SECONDS ? "under" : "of"} an hour${period < HOUR_SECONDS ? "" : " or more"}), got ${window} s. CloudWatch would refuse the alarm and the deployment would fail.`,
    ];
  });
}
