/**
 * Which S3 endpoint and bucket a command uses, decided in one place like sqs-target.ts: a flag,
 * else the worker's own variables (S3_ENDPOINT, WORKER_BUCKET, through loadConfig), else the
 * embedded S3 of a running `npm run local`.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { readLocalState } from "../local/local-state.js";
import { DUMMY_CREDENTIALS, isLoopbackEndpoint } from "../sqs-client.js";
import { CommandError, type CliContext } from "./command.js";
import { stringFlag, type FlagTable, type ParsedFlags } from "./flags.js";

export const S3_FLAGS: FlagTable = {
  bucket: {
    type: "string",
    value: "name",
    description: "The bucket. Default: $WORKER_BUCKET, else the one of a running `npm run local`.",
  },
  "s3-endpoint": {
    type: "string",
    value: "url",
    description: "S3 endpoint (fauxqs, LocalStack). Default: $S3_ENDPOINT, else real AWS.",
  },
  region: {
    type: "string",
    value: "name",
    description: "AWS region. Default: $AWS_REGION, else us-east-1.",
  },
};

export interface S3Target {
  s3: S3Client;
  bucket: string;
}

/** Resolves the target, hands it to `use`, and destroys its client whatever happens. */
export async function withS3Target<T>(
  values: ParsedFlags["values"],
  context: CliContext,
  use: (target: S3Target) => Promise<T>,
): Promise<T> {
  const config = context.config();
  let endpoint = stringFlag(values, "s3-endpoint") ?? config.s3Endpoint;
  let bucket = stringFlag(values, "bucket") ?? config.bucket;
  if (endpoint === undefined && bucket === undefined) {
    const local = await readLocalState(context.cwd);
    if (local?.bucket !== undefined) {
      endpoint = local.endpoint;
      bucket = local.bucket;
    }
  }
  if (bucket === undefined) {
    throw new CommandError(
      "Expected a bucket from --bucket or $WORKER_BUCKET (or a running `npm run local`), got none",
    );
  }
  const s3 = new S3Client({
    region: stringFlag(values, "region") ?? config.awsRegion,
    ...(endpoint === undefined ? {} : { endpoint, forcePathStyle: true }),
    ...(endpoint !== undefined && isLoopbackEndpoint(endpoint)
      ? { credentials: DUMMY_CREDENTIALS }
      : {}),
  });
  try {
    return await use({ s3, bucket });
  } finally {
    s3.destroy();
  }
}
