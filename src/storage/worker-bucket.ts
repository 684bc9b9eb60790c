/**
 * The name of WORKER_BUCKET, declared as a client so a job reads it the way it gets its S3 client
 * (and a test replaces it by name), without reading the environment a second time.
 */
import { PermanentJobError } from "../errors.js";
import { defineClient } from "../modules/clients.js";

export interface WorkerBucket {
  /** WORKER_BUCKET, or undefined when it is not set. */
  name: string | undefined;
  /**
   * WORKER_BUCKET; without it the job fails permanently, as src/config.ts documents: the parked
   * messages can be redriven once it is set.
   */
  require(): string;
}

export function workerBucket(name: string | undefined): WorkerBucket {
  return {
    name,
    require() {
      if (name === undefined) {
        throw new PermanentJobError(
          "Expected WORKER_BUCKET to name the worker's S3 bucket, got it unset",
        );
      }
      return name;
    },
  };
}

export const workerBucketClient = defineClient("worker-bucket", ({ config }) =>
  workerBucket(config.bucket),
);
