/** How many messages of a queue wait, are being worked on, or are delayed (SQS's approximate counts). */
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";

export interface QueueDepth {
  /** Waiting to be received. */
  visible: number;
  /** Received and not yet deleted. */
  inFlight: number;
  /** Sent with a delay that has not run out. */
  delayed: number;
}

export async function readQueueDepth(
  sqs: SQSClient,
  url: string,
  signal?: AbortSignal,
): Promise<QueueDepth> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
    signal ? { abortSignal: signal } : {},
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}
