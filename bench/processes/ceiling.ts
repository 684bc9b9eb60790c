/**
 * The ceiling: what one process can take out of the queue with no work at all. Each poller
 * long-polls 10 messages and deletes them in one batch, then polls again.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { announceReady, childOptions, exitWithHarness, waitForGo } from "../lib/child.js";
import { localSqsClient } from "../lib/sqs.js";

export interface CeilingOptions {
  endpoint: string;
  queueUrl: string;
  pollers: number;
}

exitWithHarness();
const { endpoint, queueUrl, pollers } = childOptions() as CeilingOptions;
const sqs = localSqsClient(endpoint);
announceReady();
await waitForGo();

/** A safety bound: the harness stops this process long before. */
const MAX_RECEIVES_PER_POLLER = 1_000_000;

async function poll(): Promise<void> {
  for (let i = 0; i < MAX_RECEIVES_PER_POLLER; i++) {
    const { Messages: messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 20,
      }),
    );
    if (messages.length === 0) continue;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

await Promise.all(Array.from({ length: pollers }, poll));
