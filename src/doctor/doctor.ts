/**
 * `doctor`: checks that the deployment files agree with each other and with the app before
 * `eb deploy` finds out the hard way. Reads `.ebextensions`, `.platform/nginx/conf.d`,
 * `cron.yaml` and the job and task registries; returns every problem as
 * `<file>:<line>: expected …, got …` (see docs/deploy.md for the list of checks).
 */
import { checkAlarmWindows } from "./check-alarm-windows.js";
import { checkAppAlarms } from "./check-app-alarms.js";
import { checkBodyLimits } from "./check-body-limits.js";
import { checkIdempotencyStore } from "./check-idempotency-store.js";
import { checkMirrors } from "./check-mirrors.js";
import { checkPeriodicTasks } from "./check-periodic-tasks.js";
import { checkProcfile } from "./check-procfile.js";
import { checkQueueAlarms } from "./check-queue-alarms.js";
import { checkTimeouts, type TimedWork } from "./check-timeouts.js";
import { checkWorkerBucket } from "./check-worker-bucket.js";
import { checkWorkerQueue } from "./check-worker-queue.js";
import { loadDeployment } from "./deployment.js";
import { checkInstanceRoleOption } from "./resources.js";

/** What the doctor needs to know about a job type or periodic task. */
export interface RegisteredWork {
  name: string;
  timeoutSeconds?: number | undefined;
  /** A periodic task's own schedule and zone (src/tasks/define-task.ts), checked against cron.yaml. */
  schedule?: string | undefined;
  timeZone?: string | undefined;
}

export interface DoctorOptions {
  /** The project root: where .ebextensions, .platform and cron.yaml sit. */
  root: string;
  /** The job registry (src/jobs/index.ts `jobs`). */
  jobs: readonly RegisteredWork[];
  /** The periodic-task registry (src/tasks/index.ts `tasks`). */
  tasks: readonly RegisteredWork[];
}

export interface DoctorReport {
  problems: string[];
}

export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const { deployment, problems } = await loadDeployment(options.root);
  if (deployment === undefined) return { problems };
  const work: TimedWork[] = [
    ...options.jobs.map((job) => ({
      kind: "job" as const,
      name: job.name,
      timeoutSeconds: job.timeoutSeconds,
    })),
    ...options.tasks.map((task) => ({
      kind: "periodic task" as const,
      name: task.name,
      timeoutSeconds: task.timeoutSeconds,
    })),
  ];
  problems.push(
    ...checkTimeouts(deployment, work),
    ...checkBodyLimits(deployment),
    ...checkMirrors(deployment),
    ...checkWorkerQueue(deployment),
    ...checkIdempotencyStore(deployment),
    ...checkWorkerBucket(deployment),
    ...checkInstanceRoleOption(deployment.root, deployment.ebextensions),
    ...checkQueueAlarms(deployment),
    ...checkAlarmWindows(deployment),
    ...(await checkAppAlarms(
      deployment,
      options.jobs.map((job) => job.name),
    )),
    ...(await checkProcfile(deployment)),
    ...(await checkPeriodicTasks(deployment, options.tasks)),
  );
  return { problems };
}
