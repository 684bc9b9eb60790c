/**
 * How a periodic task travels through the queue (sqsd-protocol.md §3.3): the leader sends an
 * ordinary SQS message with this body and three String attributes; whichever daemon receives it
 * POSTs an empty body to the task's url with the Taskname and Scheduled-At headers.
 */

/** The literal body of a scheduled-job message. */
export const SCHEDULED_JOB_BODY = "elasticbeanstalk scheduled job";

/** The message attributes the leader sets; any attribute with this prefix is never forwarded. */
export const SCHEDULED_JOB_ATTRIBUTE = {
  path: "beanstalk.sqsd.path",
  taskName: "beanstalk.sqsd.task_name",
  scheduledTime: "beanstalk.sqsd.scheduled_time",
} as const;

export const RESERVED_ATTRIBUTE_PREFIX = "beanstalk.sqsd.";
