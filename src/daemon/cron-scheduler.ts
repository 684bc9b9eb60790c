/**
 * The local "leader" for cron.yaml (docs/protocol.md §3.3): each minute a task is due (UTC), it
 * sends the scheduled-job message to the worker queue, exactly as the Beanstalk leader does, so
 * the task travels through the queue like any message. Locally there is only one leader.
 */
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes } from "../protocol/scheduled-job.js";
import type { Clock } from "./clock.js";
import type { DaemonEvents } from "./events.js";
import { retrySqsCall } from "./back-off.js";
import { toError } from "../errors.js";

/** What the scheduler needs of a cron.yaml entry (src/cron's CronEntry satisfies it). */
export interface PeriodicTask {
  name: string;
  url: string;
  schedule: { nextAfter(date: Date): Date | undefined | null };
}

export interface CronScheduler {
  /**
   * Schedules these tasks from now on instead of the ones it had (cron.yaml was edited): each is
   * planned afresh from the current minute; a message already sent stays sent.
   */
  replaceTasks(tasks: readonly PeriodicTask[]): void;
  stop(): void;
}

/** Timers longer than this are re-armed, which keeps clock jumps and Node's timer limit harmless. */
const MAX_TIMER_MS = 60 * 60 * 1000;

export function startCronScheduler(options: {
  tasks: readonly PeriodicTask[];
  sqs: SQSClient;
  queueUrl: string;
  clock: Clock;
  events: DaemonEvents;
}): CronScheduler {
  const { tasks, sqs, queueUrl, clock, events } = options;
  const nextRun = new Map<PeriodicTask, number>();
  let timer: unknown;
  let stopped = false;

  /** A failed send is retried with back-off until the next minute, when the run would be late. */
  const send = async (task: PeriodicTask, scheduledAt: Date): Promise<void> => {
    try {
      const command = (): SendMessageCommand =>
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: SCHEDULED_JOB_BODY,
          MessageAttributes: scheduledJobAttributes(task.name, task.url, scheduledAt),
        });
      const result = await retrySqsCall(() => sqs.send(command()), {
        deadlineMs: scheduledAt.getTime() + 60_000,
        clock,
      });
      events.emit("scheduled", {
        taskName: task.name,
        path: task.url,
        scheduledAt,
        messageId: result.MessageId ?? "",
      });
    } catch (error) {
      events.emit("sqs-error", { action: "SendMessage", error: toError(error) });
    }
  };

  const planAfter = (task: PeriodicTask, afterMs: number): void => {
    const next = task.schedule.nextAfter(new Date(afterMs));
    if (next) nextRun.set(task, next.getTime());
    else nextRun.delete(task);
  };

  const arm = (): void => {
    if (stopped || nextRun.size === 0) return;
    const soonest = Math.min(...nextRun.values());
    timer = clock.setTimeout(fire, Math.min(Math.max(0, soonest - clock.Date.now()), MAX_TIMER_MS));
  };

  function fire(): void {
    const now = clock.Date.now();
    for (const [task, dueAt] of nextRun) {
      if (dueAt > now) continue;
      void send(task, new Date(dueAt));
      // A run missed by more than a minute (a laptop asleep) is skipped, not replayed.
      planAfter(task, Math.max(dueAt, now - 60_000));
    }
    arm();
  }

  const planAll = (all: readonly PeriodicTask[]): void => {
    clock.clearTimeout(timer as never);
    nextRun.clear();
    const now = clock.Date.now();
    for (const task of all) planAfter(task, now);
    arm();
  };

  planAll(tasks);
  return {
    replaceTasks: planAll,
    stop() {
      stopped = true;
      clock.clearTimeout(timer as never);
    },
  };
}
