/**
 * The embedded SQS of the local loop: fauxqs (pinned to 1.9.2) in this process, with the worker
 * queue and a dead-letter queue whose redrive policy has maxReceiveCount = MaxRetries, as
 * Beanstalk creates AWSEBWorkerQueue and AWSEBWorkerDeadLetterQueue.
 */
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { buildApp } from "fauxqs";
import type { AddressInfo } from "node:net";
import { createSqsClient } from "../sqs-client.js";

export const WORKER_QUEUE_NAME = "sqs-worker-queue";
export const DEAD_LETTER_QUEUE_NAME = "sqs-worker-dead-letter-queue";

export interface EmbeddedQueues {
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** A client for this endpoint, with the dummy credentials fauxqs accepts. */
  sqs: SQSClient;
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
  return {
    endpoint,
    queueUrl: worker.QueueUrl ?? "",
    deadLetterQueueUrl: deadLetter.QueueUrl ?? "",
    sqs,
    async stop() {
      sqs.destroy();
      await server.close();
    },
  };
}
