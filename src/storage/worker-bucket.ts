/**
 * WORKER_BUCKET as a module client, so a job that keeps files in the bucket declares it next to
 * the shared `s3Client` and a test replaces it by name (`createApp({ clients: { "worker-bucket": … } })`).
 * Undefined when the deployment sets no bucket: such a job fails permanently, naming the variable.
 */
import { defineClient } from "../modules/clients.js";

export const workerBucket = defineClient("worker-bucket", ({ config }) => config.bucket);
