import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "./config.js";
import { jobs } from "./jobs/index.js";
import { createMailer } from "./mail/mailer.js";
import { EnqueueError } from "./producer/errors.js";
import { createProducer, type Enqueue } from "./producer/producer.js";
import type { Services } from "./services.js";

/** Builds the services handlers use, from the configuration and the process's SQS client. */
export function createServices(config: Config, sqs: SQSClient): Services {
  return {
    mailer: createMailer({
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      outboxDir: config.mailOutboxDir,
    }),
    enqueue: config.queueUrl
      ? createProducer({ sqs, queueUrl: config.queueUrl, jobs }).enqueue
      : enqueueWithoutQueue,
    digestRecipients: config.digestRecipients,
  };
}

// Without a queue URL the worker still serves jobs; only handlers that enqueue fail, and say why.
const enqueueWithoutQueue: Enqueue = (type) =>
  Promise.reject(
    new EnqueueError(
      `Cannot enqueue "${type}": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    ),
  );
