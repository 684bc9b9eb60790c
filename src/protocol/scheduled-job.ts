/**
 * How a periodic task travels through the queue (docs/protocol.md §3.3): the leader sends an
 * ordinary SQS message with this body and three String attributes; whichever daemon receives it
 * POSTs an empty body to the task's url with the Taskname and Scheduled-At headers.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import { stringAttribute } from "./message-attributes.js";
import { formatScheduledTime } from "./timestamps.js";

/** The path sqsd POSTs a periodic task to: its `url` in cron.yaml must be exactly this. */
export function taskUrl(name: string): string {
  return `/tasks/${name}`;
}

/** The literal body of a scheduled-job message. */
export const SCHEDULED_JOB_BODY = "elasticbeanstalk scheduled job";

/** The message attributes the leader sets; any attribute with this prefix is never forwarded. */
export const SCHEDULED_JOB_ATTRIBUTE = {
  path: "beanstalk.sqsd.path",
  taskName: "beanstalk.sqsd.task_name",
  scheduledTime: "beanstalk.sqsd.scheduled_time",
} as const;

export const RESERVED_ATTRIBUTE_PREFIX = "beanstalk.sqsd.";

/** The attributes of the scheduled-job message for one task and minute, as the leader sends them. */
export function scheduledJobAttributes(
  taskName: string,
  path: string,
  scheduledAt: Date,
): Record<string, MessageAttributeValue> {
  return {
    [SCHEDULED_JOB_ATTRIBUTE.path]: stringAttribute(path),
    [SCHEDULED_JOB_ATTRIBUTE.taskName]: stringAttribute(taskName),
    [SCHEDULED_JOB_ATTRIBUTE.scheduledTime]: stringAttribute(formatScheduledTime(scheduledAt)),
  };
}
