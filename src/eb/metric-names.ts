/**
 * The app's CloudWatch metrics, named once: the EMF lines the app writes (issue 13, the "observe"
 * part) and the alarms and dashboard in `.ebextensions/40-monitoring.config`, which the doctor
 * checks against this file. A metric renamed on one side only would leave an alarm watching a
 * metric nobody publishes, and an alarm on missing data stays quiet (or, for the task alarms,
 * fires for ever): change both sides together.
 */

/** The custom namespace of every app metric. */
export const METRICS_NAMESPACE = "sqs-worker";

/** The dimension of the per-job-type metrics: the job type (`send-email`). */
export const JOB_TYPE_DIMENSION = "JobType";

/** The dimension of the per-task metrics: the periodic task's name (`daily-digest`). */
export const TASK_DIMENSION = "Task";

/** Per job type (dimension JobType). */
export const JOB_METRICS = {
  /** Jobs that ran to success (answered 200 after the handler returned). Count. */
  completed: "JobsCompleted",
  /** Jobs whose run failed, retried or parked (any non-200 after the handler ran). Count. */
  failed: "JobsFailed",
  /** The handler's run time. Milliseconds. */
  duration: "JobDuration",
  /** Time from the message's SentTimestamp to the start of the run. Milliseconds. */
  queueLag: "JobQueueLag",
  /** The delivery's attempt number (1 = first). Count. */
  attempt: "JobAttempt",
} as const;

/** Per periodic task (dimension Task). */
export const TASK_METRICS = {
  /** Runs started. Count. */
  runs: "TaskRuns",
  /** Time from X-Aws-Sqsd-Scheduled-At to the start of the run. Milliseconds. */
  lateness: "TaskLateness",
} as const;

/** Every metric name in the namespace, for the doctor's typo check. */
export const ALL_METRIC_NAMES: readonly string[] = [
  ...Object.values(JOB_METRICS),
  ...Object.values(TASK_METRICS),
];
