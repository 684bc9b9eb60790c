/**
 * Probe jobs sent with the producer's idempotency key (the `idempotency-key` message attribute
 * the app reads, src/protocol/message-attributes.ts). A job sent twice goes out as two messages
 * with two message ids and the same key: only the shared idempotency store can tell them apart.
 */
import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { IDEMPOTENCY_KEY_ATTRIBUTE } from "../../src/protocol/message-attributes.js";
import { probeBody, type ProbeJob } from "./queues.js";

export interface KeyedJob {
  job: ProbeJob;
  key: string;
}

/** Sends the messages in order, in batches of 10, four batches at a time; all must be accepted. */
export async function sendKeyedJobs(
  client: SQSClient,
  queueUrl: string,
  messages: readonly KeyedJob[],
): Promise<void> {
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < messages.length) {
      const batch = messages.slice(next, next + 10);
      next += batch.length;
      const sent = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map(({ job, key }, index) => ({
            Id: String(index),
            MessageBody: probeBody(job),
            MessageAttributes: {
              [IDEMPOTENCY_KEY_ATTRIBUTE]: { DataType: "String", StringValue: key },
            },
          })),
        }),
      );
      if (sent.Failed && sent.Failed.length > 0) {
        throw new Error(
          `Expected every keyed job to be accepted by the queue, got ${sent.Failed.length} failures`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, sender));
}
