/**
 * S3 for tests: fauxqs serves it on the same in-process endpoint as SQS (test/support/fauxqs.ts).
 * Clients are path-style with dummy credentials, like the app's own for a loopback S3_ENDPOINT.
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { startLocalSqs, type LocalSqs } from "./fauxqs.js";

export interface LocalS3 {
  endpoint: string;
  s3: S3Client;
  /** The SQS side of the same fauxqs. */
  sqs: LocalSqs;
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function createS3Client(endpoint: string, maxAttempts?: number): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}

export async function startLocalS3(): Promise<LocalS3> {
  const sqs = await startLocalSqs();
  const s3 = createS3Client(sqs.endpoint);
  return {
    endpoint: sqs.endpoint,
    s3,
    sqs,
    async createBucket(name) {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    async stop() {
      s3.destroy();
      await sqs.stop();
    },
  };
}

/** Records the name of every command the client sends (a middleware: the calls still happen). */
export function recordCommands(s3: S3Client): string[] {
  const names: string[] = [];
  s3.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize", name: "recordCommands" },
  );
  return names;
}
