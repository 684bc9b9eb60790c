/** Turns a periodic-task POST into the Work of running that task once per scheduled minute. */
import type { Logger } from "../logger.js";
import { outcome } from "./outcomes.js";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes, taskUrl } from "../protocol/scheduled-job.js";
import { isFinalAttempt } from "./final-attempt.js";
import type { ScheduledTask, SqsdDelivery } from "../protocol/headers.js";
import { formatHeaderTimestamp } from "../protocol/timestamps.js";
import type { ModuleSettings } from "../config.js";
import type { TaskDefinition } from "../tasks/define-task.js";
import type { Work } from "./deliver.js";
import { isManualRun } from "../schedules/manual-run.js";
import type { RunLocks } from "../schedules/run-locks.js";
import { admitTaskRun } from "../schedules/task-guards.js";
import type { TaskTiming } from "../schedules/task-timing.js";
import { taskRecordKey } from "../idempotency/record-key.js";
import { runTraced } from "../tracing/job-span.js";

export interface TaskWorkDeps {
  taskSettings: ModuleSettings;
  /** Each job's and task's own clients, built at start-up (src/modules/clients.ts). */
  moduleClients: ReadonlyMap<object, Readonly<Record<string, unknown>>>;
  defaultTimeoutMs: number;
  maxRetries: number;
  /** Each task's schedule, zone, overlap and lateness rules (src/schedules/task-timing.ts). */
  taskTimings: ReadonlyMap<string, TaskTiming>;
  /** The locks of tasks declaring overlap: "skip"; shared between instances in production. */
  runLocks: RunLocks;
}

/** `definition` is undefined for a task this deployment does not have: parked as unknown-task. */
export function taskWork(
  definition: TaskDefinition | undefined,
  task: ScheduledTask,
  delivery: SqsdDelivery,
  log: Logger,
  deps: TaskWorkDeps,
): Work {
  return {
    // Per (task, minute), not per message: a leader change can send the same minute twice.
    key: `task:${task.name}@${formatHeaderTimestamp(task.scheduledAt)}`,
    delivery,
    name: task.name,
    // Parked as the leader sent it, so a redrive runs the same scheduled minute again.
    parkedCopy: () => ({
      body: SCHEDULED_JOB_BODY,
      attributes: scheduledJobAttributes(task.name, taskUrl(task.name), task.scheduledAt),
    }),
    prepare: () => {
      if (!definition) {
        const message = `Unknown periodic task "${task.name}"; expected a module in src/tasks/ registered in src/tasks/index.ts`;
        return { ok: false, name: task.name, failure: outcome("unknown-task", message) };
      }
      const timeoutMs = (definition.timeoutSeconds ?? deps.defaultTimeoutMs / 1000) * 1000;
      return {
        ok: true,
        name: task.name,
        timeoutMs,
        admit: () =>
          admitTaskRun({
            task,
            timing: deps.taskTimings.get(task.name),
            manual: isManualRun(delivery),
            timeoutMs,
            runLocks: deps.runLocks,
          }),
        // Claimed like a job: one run per (task, minute) across every instance sharing the store.
        record: { key: taskRecordKey(task), fingerprint: "" },
        // In the run's span (src/tracing), with a logger carrying its trace id.
        run: (signal, once) => {
          const scheduledAt = task.scheduledAt.toISOString();
          return runTraced(
            {
              spanName: `run ${task.name}`,
              delivery,
              attributes: {
                "sqs_worker.task.name": task.name,
                "sqs_worker.task.scheduled_at": scheduledAt,
              },
              bindings: { task: task.name, scheduledAt },
            },
            log,
            (taskLog) =>
              definition.run({
                task,
                delivery,
                isFinalAttempt: isFinalAttempt(delivery, deps.maxRetries),
                log: taskLog,
                signal,
                settings: deps.taskSettings[task.name] ?? {},
                clients: deps.moduleClients.get(definition) ?? {},
                once,
              }),
          );
        },
      };
    },
  };
}
