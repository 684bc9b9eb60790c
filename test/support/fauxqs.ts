/**
 * The real local SQS for tests: fauxqs (pinned to 1.9.2), started in-process on port 0.
 * Every SQS client in tests is built here, with an explicit endpoint and dummy credentials.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs } from "fauxqs";

export interface LocalSqs {
  endpoint: string;
  client: SQSClient;
  createQueue(name: string, attributes?: Record<string, string>): string;
  stop(): Promise<void>;
}

export function createSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
  });
}

export async function startLocalSqs(): Promise<LocalSqs> {
  const server = await startFauxqs({ port: 0, logger: false });
  const client = createSqsClient(server.address);
  return {
    endpoint: server.address,
    client,
    createQueue: (name, attributes) =>
      server.createQueue(name, attributes ? { attributes } : undefined).queueUrl,
    async stop() {
      client.destroy();
      await server.stop();
    },
  };
}
