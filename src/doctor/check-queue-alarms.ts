/**
 * The queue alarms against the sqsd options (issue 13): an alarm on the age of the oldest message
 * must stay above VisibilityTimeout (one job running for its whole visibility is not a backlog)
 * and below RetentionPeriod (a message older than that is deleted, so the alarm could never
 * fire); an alarm on the dead-letter queue must fire on its first message.
 */
import { whereIn, type Deployment } from "./deployment.js";
import { alarmsOf, alarmsOn, thresholdOf } from "./alarm-metrics.js";
import { describe, plain, seconds } from "./setting.js";

const SQS_NAMESPACE = "AWS/SQS";

export function checkQueueAlarms(deployment: Deployment): string[] {
  const { root, ebextensions, sqsd } = deployment;
  const alarms = alarmsOf(ebextensions);
  const problems: string[] = [];
  const visibility = { ...sqsd.VisibilityTimeout, value: Number(sqsd.VisibilityTimeout.value) };
  const retention = { ...sqsd.RetentionPeriod, value: Number(sqsd.RetentionPeriod.value) };

  const ageAlarms = alarmsOn(alarms, SQS_NAMESPACE, "ApproximateAgeOfOldestMessage", {
    name: "QueueName",
    value: "AWSEBWorkerQueue",
  });
  for (const alarm of ageAlarms) {
    const threshold = thresholdOf(alarm);
    if (threshold === undefined) continue;
    const where = whereIn(root, alarm.located);
    if (visibility.invalid !== true && threshold <= visibility.value) {
      problems.push(
        `${where}: expected ${alarm.name}'s Threshold above VisibilityTimeout ${describe(visibility, seconds)}, got ${threshold} s. A single job running for its whole visibility would raise it, while nothing is backing up.`,
      );
    }
    if (retention.invalid !== true && threshold >= retention.value) {
      problems.push(
        `${where}: expected ${alarm.name}'s Threshold below RetentionPeriod ${describe(retention, seconds)}, got ${threshold} s. Messages are deleted before they get that old, so it could never fire.`,
      );
    }
  }

  const deadLetterAlarms = alarmsOn(alarms, SQS_NAMESPACE, "ApproximateNumberOfMessagesVisible", {
    name: "QueueName",
    value: "AWSEBWorkerDeadLetterQueue",
  });
  for (const alarm of deadLetterAlarms) {
    const threshold = thresholdOf(alarm);
    const operator = String(alarm.properties.ComparisonOperator);
    const firesOnOne =
      threshold !== undefined &&
      ((operator === "GreaterThanThreshold" && threshold < 1) ||
        (operator === "GreaterThanOrEqualToThreshold" && threshold <= 1));
    if (!firesOnOne) {
      problems.push(
        `${whereIn(root, alarm.located)}: expected ${alarm.name} to fire on the first dead-lettered message (GreaterThanThreshold 0), got ${operator} ${threshold === undefined ? "no threshold" : plain(threshold)}. Each message there is a job that failed for good after MaxRetries ${describe({ ...sqsd.MaxRetries, value: Number(sqsd.MaxRetries.value) }, plain)} deliveries.`,
      );
    }
  }
  return problems;
}
