/**
 * The in-process alternative: bbc's sqs-consumer with a no-op handler, N consumers × batch
 * size 10, in its per-message or its batch mode. Both handlers return what they were given:
 * 14.x deletes only the messages a handler returns.
 */
import { Consumer } from "sqs-consumer";
import { announceReady, childOptions, exitWithHarness, waitForGo } from "../lib/child.js";
import { localSqsClient } from "../lib/sqs.js";

export interface SqsConsumerOptions {
  endpoint: string;
  queueUrl: string;
  consumers: number;
  mode: "message" | "batch";
}

exitWithHarness();
const { endpoint, queueUrl, consumers, mode } = childOptions() as SqsConsumerOptions;
const sqs = localSqsClient(endpoint);
const common = { queueUrl, sqs, batchSize: 10, waitTimeSeconds: 20 };
const started = Array.from({ length: consumers }, () =>
  mode === "message"
    ? Consumer.create({ ...common, handleMessage: (message) => Promise.resolve(message) })
    : Consumer.create({ ...common, handleMessageBatch: (messages) => Promise.resolve(messages) }),
);
for (const consumer of started) {
  consumer.on("error", (error) => {
    console.error(`sqs-consumer error: ${error.message}`);
  });
}
announceReady();
await waitForGo();
for (const consumer of started) consumer.start();
