/**
 * Shared set-up of the doctor tests: a fresh copy of the fixture deployment files for each test
 * (test/fixtures/deployment), and the doctor's problems for it with registries that match the
 * fixture's cron.yaml. Nothing here depends on the jobs, tasks or timeouts this project ships.
 */
import { runDoctor, type RegisteredWork } from "../../../src/doctor/doctor.js";
import { copyDeploymentFiles, type ProjectCopy } from "./project-copy.js";

export const DAEMON = ".ebextensions/01-worker-daemon.config";
export const ENVIRONMENT = ".ebextensions/02-environment.config";
export const SCALING = ".ebextensions/10-queue-depth-scaling.config";
export const TABLE = ".ebextensions/20-idempotency-table.config";
export const BUCKET = ".ebextensions/30-worker-bucket.config";
export const MONITORING = ".ebextensions/40-monitoring.config";
export const JOB_ALARMS = ".ebextensions/41-job-alarms.config";
export const NGINX = ".platform/nginx/conf.d/worker-proxy.conf";
export const CRON = "cron.yaml";

/** The registries as the fixture's cron.yaml expects them. */
export const JOBS: RegisteredWork[] = [{ name: "fixture-job" }];
export const TASKS: RegisteredWork[] = [{ name: "fixture-task" }];
/** The same task with a time limit below nginx's default, to isolate the job's timeout. */
export const QUICK_TASKS: RegisteredWork[] = [{ name: "fixture-task", timeoutSeconds: 30 }];

export interface DoctorOnCopy {
  /** This test's copy. */
  project: () => ProjectCopy;
  problems: (
    jobs?: readonly RegisteredWork[],
    tasks?: readonly RegisteredWork[],
  ) => Promise<string[]>;
}

/** Call inside a `describe`: registers the copy's creation and removal around each test. */
export function doctorOnCopies(): DoctorOnCopy {
  let copy: ProjectCopy | undefined;
  beforeEach(async () => {
    copy = await copyDeploymentFiles();
  });
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });
  const project = (): ProjectCopy => {
    if (copy === undefined)
      throw new Error("Expected doctorOnCopies() to be called inside a describe block");
    return copy;
  };
  return {
    project,
    problems: async (jobs = JOBS, tasks = TASKS) =>
      (await runDoctor({ root: project().root, jobs, tasks })).problems,
  };
}
