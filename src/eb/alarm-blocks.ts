/**
 * The per-job-type and per-task alarms of `.ebextensions/41-job-alarms.config` as text, one
 * `Resources` entry each: `make job` and `make task` append one so a new job type or task is
 * watched from its first deployment (and `npm run doctor`, which asks for them, stays green).
 */
import { JOB_METRIC, DIMENSION, METRICS_NAMESPACE, TASK_METRIC } from "../metrics/names.js";

/** The file holding them; a project that deleted it has opted out of app alarms. */
export const JOB_ALARMS_FILE = ".ebextensions/41-job-alarms.config";

/** `resize-image` → `ResizeImage`, for a CloudFormation logical name (letters and digits only). */
export function logicalNameOf(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join("");
}

const ACTIONS = `      AlarmActions:
        - { "Ref": "AlarmTopic" }
      OKActions:
        - { "Ref": "AlarmTopic" }
`;

function jobMetric(id: string, metricName: string, job: string): string {
  return `        - Id: ${id}
          ReturnData: false
          MetricStat:
            Period: 300
            Stat: Sum
            Metric:
              Namespace: ${METRICS_NAMESPACE}
              MetricName: ${metricName}
              Dimensions:
                - { Name: ${DIMENSION.jobType}, Value: ${job} }
`;
}

/** A failure-rate alarm for a job type: more than 20 % of runs failed for 15 minutes. */
export function jobAlarmBlock(job: string): string {
  return `  ${logicalNameOf(job)}FailureRateAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: "${job}: more than 20 % of runs failed for 15 minutes"
      EvaluationPeriods: 3
      Threshold: 0.2
      ComparisonOperator: GreaterThanThreshold
      TreatMissingData: notBreaching
${ACTIONS}      Metrics:
${jobMetric("failed", JOB_METRIC.failed, job)}${jobMetric("completed", JOB_METRIC.completed, job)}        - Id: rate
          Label: ${job} failure rate
          Expression: "FILL(failed, 0) / (FILL(failed, 0) + FILL(completed, 0))"
          ReturnData: true
`;
}

/** A "no run" alarm for a periodic task, over a window from alarm-window.ts. */
export function taskAlarmBlock(
  task: string,
  schedule: string,
  window: { period: number; evaluationPeriods: number },
): string {
  const span = `${window.evaluationPeriods} ${window.period === 3600 ? "hours" : "minutes"}`;
  return `  ${logicalNameOf(task)}RunsMissingAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: "${task}: no run for ${span} (schedule ${schedule})"
      Namespace: ${METRICS_NAMESPACE}
      MetricName: ${TASK_METRIC.runs}
      Dimensions:
        - { Name: ${DIMENSION.task}, Value: ${task} }
      Statistic: Sum
      Period: ${window.period}
      EvaluationPeriods: ${window.evaluationPeriods}
      Threshold: 1
      ComparisonOperator: LessThanThreshold
      TreatMissingData: breaching
${ACTIONS}`;
}
