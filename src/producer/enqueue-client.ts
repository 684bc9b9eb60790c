/** `enqueue` as a client job and task modules declare (`clients: { enqueue: enqueueClient }`). */
import { defineClient } from "../modules/clients.js";
import { EnqueueError } from "./errors.js";
import { createProducer, type Enqueue } from "./producer.js";

export const enqueueClient = defineClient("enqueue", ({ config, sqs, jobs }): Enqueue =>
  config.queueUrl
    ? createProducer({
        sqs: sqs(),
        queueUrl: config.queueUrl,
        jobs,
        signingKey: config.signingKeys?.signingKey,
      }).enqueue
    : enqueueWithoutQueue,
);

// Without a queue URL the worker still serves jobs; only handlers that enqueue fail, and say why.
const enqueueWithoutQueue: Enqueue = (type) =>
  Promise.reject(
    new EnqueueError(
      `Cannot enqueue "${type}": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    ),
  );
