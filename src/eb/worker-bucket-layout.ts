/**
 * The worker bucket's layout as the deployment grants and notifies it (DECISIONS: prefixes fixed
 * across the project): which prefix the instances may read or write, and which uploads become S3
 * event messages on the worker queue. `.ebextensions/30-worker-bucket.config` follows this, and
 * the doctor checks it does.
 */

/** Prefix → the S3 actions the instance role needs on its objects, and no more. */
export const BUCKET_PREFIX_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  /** Images users upload: read by watermark-image, never written by the worker. */
  "uploads/": ["s3:GetObject"],
  /** watermark-image's output (its metadata is read to skip work already done). */
  "watermarked/": ["s3:GetObject", "s3:PutObject"],
  /** Feed items and cursors (fetch-feed). */
  "feeds/": ["s3:GetObject", "s3:PutObject"],
  /** Enrichment results (enrich-contact). */
  "contacts/": ["s3:GetObject", "s3:PutObject"],
};

/** Bucket-level actions the role may have: ListBucket turns a missing key's 403 into a 404. */
export const BUCKET_ACTIONS: readonly string[] = ["s3:ListBucket"];

/** Uploads under this prefix with one of these suffixes are sent to the worker queue. */
export const UPLOAD_NOTIFICATION = {
  prefix: "uploads/",
  suffixes: [".jpg", ".jpeg", ".png"],
} as const;
