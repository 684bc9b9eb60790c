/**
 * The CloudWatch names this project publishes, declared once: the metrics writer uses them, and
 * the alarms and dashboard in .ebextensions refer to the same names (`JobsFailed`,
 * `JobsCompleted` by `JobType`, `TaskRuns` by `Task`). Renaming one here orphans those alarms.
 */

/** Every metric goes to this CloudWatch namespace. */
export const METRICS_NAMESPACE = "sqs-worker";

/** The one dimension of every job metric, and of every periodic-task metric. */
export const DIMENSION = {
  jobType: "JobType",
  task: "Task",
} as const;

/**
 * The dimension value for a job type or task this deployment does not have (an unknown type, a
 * message whose type could not be read, a task removed from the code), and for a delivery answered
 * before its body was read (a refusal at capacity or during a drain), whose job type is not known. One bucket for all of them:
 * names from the queue must never become dimensions, or any bad message would create a metric.
 * Parentheses cannot appear in a job type or task name (src/jobs/define-job.ts NAME_PATTERN).
 */
export const UNKNOWN_NAME = "(unknown)";

/** Per job type (dimension JobType). */
export const JOB_METRIC = {
  /** Deliveries whose handler succeeded: answered 200, deleted. */
  completed: "JobsCompleted",
  /**
   * Deliveries that failed for the job's own sake: the handler threw or timed out, the payload or
   * envelope was invalid, the message was parked. Refusals for capacity are not failures.
   */
  failed: "JobsFailed",
  /** Deliveries refused for the worker's sake (at capacity, draining, already running): sqsd retries. */
  retried: "JobsRetried",
  /** Deliveries answered 200 without running: a duplicate of a completed job, S3's test event. */
  skipped: "JobsSkipped",
  /** How long the delivery took, from its headers read to its answer (milliseconds). */
  duration: "JobDuration",
  /** From the producer's send (SentTimestamp, sqsd's Sent-At) to the delivery's start (milliseconds). */
  queueLag: "QueueLag",
  /** The delivery's attempt number: SQS's receive count, 1 on the first delivery. */
  attempt: "JobAttempt",
} as const;

/** Per periodic task (dimension Task). */
export const TASK_METRIC = {
  /** Runs of the task's handler, whatever their result (a refused or duplicate delivery is no run). */
  runs: "TaskRuns",
  /** Runs that failed. */
  failed: "TaskFailures",
  /** From the scheduled minute to the run's start (milliseconds). */
  lateness: "TaskLateness",
} as const;

/** How many metrics one job type and one periodic task create in CloudWatch (docs/observability.md). */
export const METRICS_PER_JOB_TYPE = Object.keys(JOB_METRIC).length;
export const METRICS_PER_TASK = Object.keys(TASK_METRIC).length;

/** Every metric name in the namespace, for the doctor's check of the alarms' metric names. */
export const ALL_METRIC_NAMES: readonly string[] = [
  ...Object.values(JOB_METRIC),
  ...Object.values(TASK_METRIC),
];
