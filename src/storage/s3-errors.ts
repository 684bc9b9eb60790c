/**
 * What an S3 error means for a job: a missing object or bucket will stay missing (permanent); a
 * 5xx, throttling or a network failure may pass (an ordinary, retryable error); a refused
 * permission is the deployment's problem, so it is retried too (fixing the role lets the waiting
 * messages through) rather than parked. Other 4xx are the request's own fault: permanent.
 */
import { PermanentJobError } from "../errors.js";

const MISSING = new Set(["NoSuchKey", "NotFound", "NoSuchBucket"]);

interface S3ErrorShape {
  name?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Whether S3 answered that the object (or its bucket) does not exist. */
export function isMissing(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as S3ErrorShape;
  return (name !== undefined && MISSING.has(name)) || $metadata?.httpStatusCode === 404;
}

/** Rethrows an S3 failure as the kind of error the job should fail with; `what` names the call. */
export function s3Failure(error: unknown, what: string): Error {
  const { name, $metadata } = (error ?? {}) as S3ErrorShape;
  const status = $metadata?.httpStatusCode;
  const detail = `${what}: ${name ?? "Error"}${status === undefined ? "" : ` (HTTP ${status})`}`;
  if (isMissing(error))
    return new PermanentJobError(`${detail}; it does not exist`, { cause: error });
  if (
    status !== undefined &&
    status >= 400 &&
    status < 500 &&
    status !== 403 &&
    status !== 429 &&
    status !== 408
  ) {
    return new PermanentJobError(detail, { cause: error });
  }
  return error instanceof Error ? error : new Error(detail, { cause: error });
}
