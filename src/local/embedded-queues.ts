/**
 * The embedded SQS of the local loop: fauxqs (pinned to 1.9.2) in this process, with the worker
 * queue and a dead-letter queue whose redrive policy has maxReceiveCount = MaxRetries, as
 * Beanstalk creates AWSEBWorkerQueue and AWSEBWorkerDeadLetterQueue. fauxqs serves S3 on the same
 * endpoint: the worker bucket is created there, and every finished request can be observed (for
 * the emulated S3 notifications of s3-notifications.ts).
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import type { AddressInfo } from "node:net";
import { createSqsClient, DUMMY_CREDENTIALS } from "../sqs-client.js";
import type { ObservedRequest } from "./s3-notifications.js";

export const WORKER_QUEUE_NAME = "sqs-worker-queue";
export const DEAD_LETTER_QUEUE_NAME = "sqs-worker-dead-letter-queue";
/** The local WORKER_BUCKET. */
export const LOCAL_BUCKET_NAME = "sqs-worker-local";

export interface EmbeddedQueues {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** A client for this endpoint, with the dummy credentials fauxqs accepts. */
  sqs: SQSClient;
  /** The same for S3 (path-style), and the bucket created for WORKER_BUCKET. */
  s3: S3Client;
  bucket: string;
  /** Calls `observer` with every request the endpoint answers from now on. */
  observe(observer: (request: ObservedRequest) => void): void;
  stop(): Promise<void>;
}

export async function startEmbeddedQueues(options: {
  /** 0 picks a free port (tests). */
  port: number;
  maxRetries: number;
  visibilityTimeout: number;
}): Promise<EmbeddedQueues> {
  // buildApp rather than startFauxqs, which always listens on every interface: loopback only.
  const server = buildApp({ logger: false });
  const observers: ((request: ObservedRequest) => void)[] = [];
  // Registered before listening, as Fastify requires; observers are added later.
  server.addHook("onResponse", (request, reply, done) => {
    const observed = {
      method: request.method,
      url: request.url,
      headers: request.headers,
      statusCode: reply.statusCode,
    };
    for (const observer of observers) observer(observed);
    done();
  });
  try {
    await server.listen({ port: options.port, host: "127.0.0.1" });
  } catch (error) {
    await server.close();
    if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `Expected port ${options.port} to be free for the embedded SQS, got it in use (choose another with --sqs-port)`,
        { cause: error },
      );
    }
    throw error;
  }
  const { port } = server.server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const sqs = createSqsClient({ awsRegion: "us-east-1", sqsEndpoint: endpoint });
  const deadLetter = await sqs.send(
    new CreateQueueCommand({
      QueueName: DEAD_LETTER_QUEUE_NAME,
      Attributes: { MessageRetentionPeriod: "1209600" },
    }),
  );
  const deadLetterArn = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl, AttributeNames: ["QueueArn"] }),
  );
  const worker = await sqs.send(
    new CreateQueueCommand({
      QueueName: WORKER_QUEUE_NAME,
      Attributes: {
        VisibilityTimeout: String(options.visibilityTimeout),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: deadLetterArn.Attributes?.QueueArn,
          maxReceiveCount: options.maxRetries,
        }),
      },
    }),
  );
  const s3 = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: DUMMY_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: LOCAL_BUCKET_NAME }));
  return {
    endpoint,
    queueUrl: worker.QueueUrl ?? "",
    deadLetterQueueUrl: deadLetter.QueueUrl ?? "",
    sqs,
    s3,
    bucket: LOCAL_BUCKET_NAME,
    observe(observer) {
      observers.push(observer);
    },
    async stop() {
      sqs.destroy();
      s3.destroy();
      await server.close();
    },
  };
}
