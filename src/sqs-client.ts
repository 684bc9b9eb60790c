import { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "./config.js";

/** What local AWS emulators (fauxqs, ElasticMQ, LocalStack, dynalite) accept: anything that signs. */
export const DUMMY_CREDENTIALS = { accessKeyId: "local", secretAccessKey: "local" } as const;

/** localhost, *.localhost, 127.0.0.0/8 and ::1: an emulator on this machine. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  if (!URL.canParse(endpoint)) return false;
  const host = new URL(endpoint).hostname.toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) ||
    host === "[::1]"
  );
}

/**
 * Every SQS client of the project is built here: the app's, the CLI's and the local loop's.
 * Without SQS_ENDPOINT it is real AWS, with the default credential chain (the instance profile on
 * Beanstalk). An endpoint on this machine is an emulator: it gets dummy credentials, so nothing
 * goes looking for real ones. Any other endpoint keeps the default chain.
 */
export function createSqsClient(config: Pick<Config, "awsRegion" | "sqsEndpoint">): SQSClient {
  const endpoint = config.sqsEndpoint;
  return new SQSClient({
    region: config.awsRegion,
    ...(endpoint === undefined ? {} : { endpoint }),
    ...(endpoint !== undefined && isLoopbackEndpoint(endpoint)
      ? { credentials: DUMMY_CREDENTIALS }
      : {}),
  });
}
