/**
 * The queue side of a run: the fauxqs process, fresh queues pre-loaded with N messages, and the
 * watch that says when a queue is empty (no message visible, none in flight).
 */
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { spawnNode, type Child } from "./child.js";
import { localSqsClient } from "./sqs.js";

export interface QueueServer {
  child: Child;
  endpoint: string;
  /** The harness's own client: pre-loading and watching only. */
  client: SQSClient;
  stop(): Promise<void>;
}

export async function startQueueServer(): Promise<QueueServer> {
  const child = spawnNode("bench/processes/queue-server.ts", { label: "fauxqs" });
  const ready = await child.next("ready", 30_000);
  const endpoint = String(ready.endpoint);
  const client = localSqsClient(endpoint);
  return {
    child,
    endpoint,
    client,
    async stop() {
      client.destroy();
      await child.stop();
    },
  };
}

let queueCounter = 0;

export async function createQueue(client: SQSClient, label: string): Promise<string> {
  queueCounter += 1;
  const name = `bench-${label}-${queueCounter}-${Date.now()}`;
  const created = await client.send(new CreateQueueCommand({ QueueName: name }));
  if (!created.QueueUrl) throw new Error(`Expected a QueueUrl for ${name}, got none`);
  return created.QueueUrl;
}

export async function deleteQueue(client: SQSClient, queueUrl: string): Promise<void> {
  await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
}

/** Sends `count` copies of `body` in batches of 10, a few batches at a time. */
export async function preload(
  client: SQSClient,
  queueUrl: string,
  count: number,
  body: string,
): Promise<void> {
  const batches = Math.ceil(count / 10);
  let nextBatch = 0;
  const sender = async (): Promise<void> => {
    while (nextBatch < batches) {
      const batch = nextBatch++;
      const size = Math.min(10, count - batch * 10);
      const entries = Array.from({ length: size }, (_, i) => ({
        Id: String(i),
        MessageBody: body,
      }));
      const sent = await client.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }),
      );
      if (sent.Failed && sent.Failed.length > 0) {
        throw new Error(
          `Expected every pre-loaded message to be accepted, got ${sent.Failed.length} failures`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, sender));
}

export interface QueueCounts {
  visible: number;
  inFlight: number;
  delayed: number;
}

export async function queueCounts(client: SQSClient, queueUrl: string): Promise<QueueCounts> {
  const { Attributes: attributes = {} } = await client.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
      ],
    }),
  );
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? NaN),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? NaN),
    delayed: Number(attributes.ApproximateNumberOfMessagesDelayed ?? NaN),
  };
}

/**
 * Resolves with performance.now() at the first check that finds the queue empty. Checks every
 * `intervalMs` (fauxqs's counts are exact); rejects after `timeoutMs` with the last counts, or
 * once `signal` is aborted.
 */
export async function waitUntilEmpty(
  client: SQSClient,
  queueUrl: string,
  options: { intervalMs: number; timeoutMs: number; signal?: AbortSignal },
): Promise<number> {
  const deadline = performance.now() + options.timeoutMs;
  let last: QueueCounts | undefined;
  while (performance.now() < deadline) {
    if (options.signal?.aborted) throw new Error("Stopped waiting for the queue to empty");
    last = await queueCounts(client, queueUrl);
    if (last.visible + last.inFlight + last.delayed === 0) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  throw new Error(
    `Expected the queue to be empty within ${options.timeoutMs} ms, got ${JSON.stringify(last)}`,
  );
}
