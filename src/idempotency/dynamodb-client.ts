/**
 * The DynamoDB client of the idempotency store, built like the SQS client (src/sqs-client.ts):
 * real AWS with the default credential chain (the instance profile on Beanstalk) unless
 * DYNAMODB_ENDPOINT points elsewhere; an endpoint on this machine (dynalite) gets dummy
 * credentials.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { Config } from "../config.js";
import { DUMMY_CREDENTIALS, isLoopbackEndpoint } from "../sqs-client.js";

export function createDynamoDbClient(
  config: Pick<Config, "awsRegion" | "dynamoDbEndpoint">,
): DynamoDBClient {
  const endpoint = config.dynamoDbEndpoint;
  return new DynamoDBClient({
    region: config.awsRegion,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(endpoint !== undefined && isLoopbackEndpoint(endpoint)
      ? { credentials: DUMMY_CREDENTIALS }
      : {}),
  });
}
