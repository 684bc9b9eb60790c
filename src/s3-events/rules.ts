/**
 * The S3 event rules: which S3 notifications become which jobs. An S3 notification's body is S3's
 * own JSON, not our envelope; each object event in it is matched against these rules, in order,
 * and the first match gives the job type and its payload (checked by the job's own schema).
 *
 * Keep these in step with the bucket's notification configuration (the `WorkerBucket` resource
 * in .ebextensions): an event no rule matches is parked, so a mismatch shows in the DLQ.
 */
import { defineS3EventRule, WORKER_BUCKET } from "./define-rule.js";

export const IMAGE_UPLOADS_PREFIX = "uploads/";
export const IMAGE_SUFFIXES = [".jpg", ".jpeg", ".png"];

export const s3EventRules = [
  defineS3EventRule({
    name: "watermark-uploads",
    bucket: WORKER_BUCKET,
    events: ["ObjectCreated:*"],
    prefix: IMAGE_UPLOADS_PREFIX,
    suffixes: IMAGE_SUFFIXES,
    job: "watermark-image",
    payload: ({ bucket, key }) => ({ bucket, key }),
  }),
];
