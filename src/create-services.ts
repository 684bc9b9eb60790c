import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "./config.js";
import { jobs } from "./jobs/index.js";
import { createMailer, type Mailer } from "./mail/mailer.js";
import { EnqueueError } from "./producer/errors.js";
import { createProducer, type Enqueue } from "./producer/producer.js";
import type { Services } from "./services.js";

/** Builds the services handlers use, from the configuration and the process's SQS client. */
export function createServices(config: Config, sqs: SQSClient): Services {
  return {
    mailer: mailerFor(config),
    enqueue: config.queueUrl
      ? createProducer({ sqs, queueUrl: config.queueUrl, jobs }).enqueue
      : enqueueWithoutQueue,
    digestRecipients: config.digestRecipients,
  };
}

/**
 * The outbox is for development: on an instance its files vanish at the next deploy, and the
 * job would have answered 200. In production without SMTP_URL sending fails (and is retried,
 * then dead-lettered) instead of silently losing email.
 */
function mailerFor(config: Config): Mailer {
  if (config.smtpUrl === undefined && config.nodeEnv === "production") {
    return {
      send: () =>
        Promise.reject(
          new Error(
            "SMTP_URL is not set; expected an smtp:// URL in production (the .eml outbox is for development only)",
          ),
        ),
    };
  }
  return createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: config.mailOutboxDir,
  });
}

// Without a queue URL the worker still serves jobs; only handlers that enqueue fail, and say why.
const enqueueWithoutQueue: Enqueue = (type) =>
  Promise.reject(
    new EnqueueError(
      `Cannot enqueue "${type}": WORKER_QUEUE_URL is not set; expected the worker queue's URL`,
    ),
  );
