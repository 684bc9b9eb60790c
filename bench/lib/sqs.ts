/** The one way bench code builds an SQS client: the local queue's endpoint, dummy credentials. */
import { SQSClient } from "@aws-sdk/client-sqs";

export function localSqsClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
}

/** The job every throughput contender is given: the worker's no-op job type. */
export const NOOP_JOB_BODY = JSON.stringify({ type: "noop", payload: {} });
