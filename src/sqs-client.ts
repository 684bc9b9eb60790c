import { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "./config.js";

/**
 * The one SQS client of the process. With SQS_ENDPOINT (fauxqs, ElasticMQ, LocalStack) it talks
 * to that endpoint; credentials then come from the usual AWS chain, which local runs fill with
 * dummies. On Beanstalk the instance profile provides them.
 */
export function createSqsClient(config: Pick<Config, "awsRegion" | "sqsEndpoint">): SQSClient {
  return new SQSClient({
    region: config.awsRegion,
    ...(config.sqsEndpoint ? { endpoint: config.sqsEndpoint } : {}),
  });
}
