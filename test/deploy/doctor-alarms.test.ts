/**
 * The doctor on broken copies of the alarms (issue 13): thresholds against the sqsd options, and
 * the alarms on the app's metrics against src/metrics/names.ts, the job registry and cron.yaml.
 */
import { expect } from "chai";
import { rm } from "node:fs/promises";
import path from "node:path";
import {
  CRON,
  DAEMON,
  doctorOnCopies,
  JOB_ALARMS,
  JOBS,
  MONITORING,
} from "./support/doctor-on-copy.js";

describe("doctor on broken copies: the alarms", () => {
  const { project: copy, problems } = doctorOnCopies();
  const at = async (file: string, resource: string) =>
    `${file}:${await copy().lineOf(file, `  ${resource}:`)}`;

  describe("against the sqsd options", () => {
    it("fails when the oldest-message alarm is below the visibility timeout", async () => {
      await copy().replace(MONITORING, "Threshold: 3600", "Threshold: 600");
      const daemonLine = await copy().lineOf(DAEMON, "  VisibilityTimeout:");
      expect(await problems()).to.deep.equal([
        `${await at(MONITORING, "OldestMessageAgeAlarm")}: expected OldestMessageAgeAlarm's Threshold above VisibilityTimeout 780 s (${DAEMON}:${daemonLine}), got 600 s. A single job running for its whole visibility would raise it, while nothing is backing up.`,
      ]);
    });

    it("fails when the oldest-message alarm waits for an age the queue never keeps", async () => {
      await copy().replace(MONITORING, "Threshold: 3600", "Threshold: 400000");
      const daemonLine = await copy().lineOf(DAEMON, "RetentionPeriod:");
      expect(await problems()).to.deep.equal([
        `${await at(MONITORING, "OldestMessageAgeAlarm")}: expected OldestMessageAgeAlarm's Threshold below RetentionPeriod 345600 s (${DAEMON}:${daemonLine}), got 400000 s. Messages are deleted before they get that old, so it could never fire.`,
      ]);
    });

    it("fails when the dead-letter alarm ignores the first messages", async () => {
      await copy().replace(MONITORING, "Threshold: 0\n", "Threshold: 5\n");
      const daemonLine = await copy().lineOf(DAEMON, "MaxRetries:");
      expect(await problems()).to.deep.equal([
        `${await at(MONITORING, "DeadLetterQueueNotEmptyAlarm")}: expected DeadLetterQueueNotEmptyAlarm to fire on the first dead-lettered message (GreaterThanThreshold 0), got GreaterThanThreshold 5. Each message there is a job that failed for good after MaxRetries 5 (${DAEMON}:${daemonLine}) deliveries.`,
      ]);
    });
  });

  describe("on the app's metrics", () => {
    it("fails when a job type has no failure-rate alarm", async () => {
      expect(await problems([...JOBS, { name: "resize-image" }])).to.deep.equal([
        '.ebextensions: expected a failure-rate alarm for the job type "resize-image" (JobsFailed with JobType resize-image, like those in 41-job-alarms.config), got none. Its failures would go unnoticed.',
      ]);
    });

    it("fails when a failure-rate threshold is written as a percentage", async () => {
      await copy().replace(JOB_ALARMS, "Threshold: 0.2", "Threshold: 20");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureJobFailureRateAlarm")}: expected FixtureJobFailureRateAlarm's Threshold between 0 and 1 (a fraction of the runs), got 20. A failure rate never exceeds 1, so it could never fire.`,
      ]);
    });

    it("fails on a metric name the app does not publish", async () => {
      await copy().replace(JOB_ALARMS, "MetricName: JobsFailed", "MetricName: JobFailures");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureJobFailureRateAlarm")}: expected FixtureJobFailureRateAlarm to watch a metric the app publishes (JobsCompleted, JobsFailed, JobsRetried, JobsSkipped, JobDuration, QueueLag, JobAttempt, TaskRuns, TaskFailures, TaskLateness; src/metrics/names.ts), got JobFailures. It would wait for data that never comes.`,
        '.ebextensions: expected a failure-rate alarm for the job type "fixture-job" (JobsFailed with JobType fixture-job, like those in 41-job-alarms.config), got none. Its failures would go unnoticed.',
      ]);
    });

    it("fails on a dimension the app does not publish", async () => {
      await copy().replace(JOB_ALARMS, "{ Name: Task, Value:", "{ Name: TaskName, Value:");
      const cronLine = await copy().lineOf(CRON, "- name: fixture-task");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureTaskRunsMissingAlarm")}: expected FixtureTaskRunsMissingAlarm's TaskRuns with the one dimension Task, got TaskName. CloudWatch keeps one metric per dimension set, and the app publishes only that one.`,
        `${CRON}:${cronLine}: expected an alarm when the task "fixture-task" does not run for longer than its schedule (TaskRuns with Task fixture-task, Period × EvaluationPeriods above 86400 s, like the one in 41-job-alarms.config), got none.`,
      ]);
    });

    it("fails when a task's alarm would fire between two runs that are on time", async () => {
      await copy().replace(JOB_ALARMS, "EvaluationPeriods: 25", "EvaluationPeriods: 24");
      const cronLine = await copy().lineOf(CRON, "- name: fixture-task");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureTaskRunsMissingAlarm")}: expected FixtureTaskRunsMissingAlarm's Period × EvaluationPeriods above 86400 s, the longest gap between two runs of "0 7 * * *" (${CRON}:${cronLine}), got 86400 s. It would fire between two runs that are on time.`,
      ]);
    });

    it("measures the gap of an irregular schedule by its longest stretch", async () => {
      // Weekdays at 07:00: Friday to Monday is 3 days, longer than the 25-hour window.
      await copy().replace(CRON, '"0 7 * * *"', '"0 7 * * 1-5"');
      const cronLine = await copy().lineOf(CRON, "- name: fixture-task");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureTaskRunsMissingAlarm")}: expected FixtureTaskRunsMissingAlarm's Period × EvaluationPeriods above 259200 s, the longest gap between two runs of "0 7 * * 1-5" (${CRON}:${cronLine}), got 90000 s. It would fire between two runs that are on time.`,
      ]);
    });

    it("fails when an alarm's window is longer than CloudWatch allows", async () => {
      await copy().replace(JOB_ALARMS, "EvaluationPeriods: 25", "EvaluationPeriods: 200");
      expect(await problems()).to.deep.equal([
        `${await at(JOB_ALARMS, "FixtureTaskRunsMissingAlarm")}: expected FixtureTaskRunsMissingAlarm's Period × EvaluationPeriods at most 604800 s (CloudWatch's limit for a period of an hour or more), got 720000 s. CloudWatch would refuse the alarm and the deployment would fail.`,
      ]);
    });

    it("asks nothing of a project without alarms on the app's metrics", async () => {
      await rm(path.join(copy().root, JOB_ALARMS));
      expect(await problems([...JOBS, { name: "resize-image" }])).to.deep.equal([]);
    });
  });
});
