/**
 * `enqueueBatch` as a client modules declare (`clients: { enqueueBatch: enqueueBatchClient }`),
 * for fan-out: SendMessageBatch, 10 messages a request, every entry checked before any is sent.
 */
import { defineClient } from "../modules/clients.js";
import { EnqueueError } from "./errors.js";
import { createProducer, type EnqueueBatch } from "./producer.js";

export const enqueueBatchClient = defineClient(
  "enqueue-batch",
  ({ config, sqs, jobs }): EnqueueBatch =>
    config.queueUrl
      ? createProducer({
          sqs: sqs(),
          queueUrl: config.queueUrl,
          jobs,
          signingKey: config.signingKeys?.signingKey,
        }).enqueueBatch
      : () =>
          Promise.reject(
            new EnqueueError(
              "Cannot enqueue a batch: WORKER_QUEUE_URL is not set; expected the worker queue's URL",
            ),
          ),
);
