/**
 * Error answers as SQS gives them over the AWS JSON protocol (the protocol @aws-sdk/client-sqs v3
 * and fauxqs speak, `X-Amz-Target: AmazonSQS.<Action>`): a JSON body with `__type` and `message`,
 * and the legacy query error code in `x-amzn-query-error` ("<code>;Sender|Receiver"), which the
 * SDK uses as the error's name (awsQueryCompatible). See "Interpreting Amazon SQS JSON API
 * responses" in the SQS developer guide, and the RequestThrottled shape of the SDK's model (403).
 */
import { randomUUID } from "node:crypto";

export interface SqsErrorAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function answer(
  status: number,
  type: string,
  queryCode: string,
  fault: "Sender" | "Receiver",
  message: string,
): SqsErrorAnswer {
  const body = JSON.stringify({ __type: type, message });
  return {
    status,
    headers: {
      "content-type": "application/x-amz-json-1.0",
      "content-length": String(Buffer.byteLength(body)),
      "x-amzn-requestid": randomUUID(),
      "x-amzn-query-error": `${queryCode};${fault}`,
    },
    body,
  };
}

/** Server-side failures: 500 InternalError and 503 ServiceUnavailable (the call did nothing). */
export const SERVER_ERRORS: readonly SqsErrorAnswer[] = [
  answer(
    500,
    "com.amazonaws.sqs#InternalError",
    "InternalError",
    "Receiver",
    "We encountered an internal error. Please try again.",
  ),
  answer(
    503,
    "com.amazonaws.sqs#ServiceUnavailable",
    "ServiceUnavailable",
    "Receiver",
    "The request has failed due to a temporary failure of the server.",
  ),
];

/** Throttling, in the two forms clients meet: the service-wide one and SQS's own (403). */
export const THROTTLING_ERRORS: readonly SqsErrorAnswer[] = [
  answer(
    400,
    "com.amazon.coral.availability#ThrottlingException",
    "ThrottlingException",
    "Sender",
    "Rate exceeded",
  ),
  answer(
    403,
    "com.amazonaws.sqs#RequestThrottled",
    "RequestThrottled",
    "Sender",
    "Request is throttled.",
  ),
];
