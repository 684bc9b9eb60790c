/**
 * The real pieces a retry policy runs through: fauxqs (worker queue and dead-letter queue), the
 * worker app listening on port 0 with its own SQS client (AWS's limits enforced, each
 * SendMessage's DelaySeconds recorded), and, for flows, the local sqsd in front of it.
 *
 * `compressDelays` sends the copies with DelaySeconds 0 after recording what the app asked for:
 * the tests assert the asked delays and do not wait them out (SQS's own delaying is shown once,
 * measured, in test/jobs/enrich-contact-flow.test.ts).
 */
import {
  ReceiveMessageCommand,
  SendMessageCommand,
  type Message,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WorkerApp } from "../../src/app.js";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents, type DaemonEvents } from "../../src/daemon/events.js";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import type { JobDefinition } from "../../src/jobs/define-job.js";
import type { RetryScheduler } from "../../src/retry/retry-scheduler.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { testClients, testWorker } from "../support/worker.js";
import type { Logger } from "../../src/logger.js";
import { testBehaviour } from "../daemon/support.js";
import type { SqsdRequestOptions } from "../support/sqsd-request.js";

export interface SentCopy {
  delaySeconds: number | undefined;
  attributes: Record<string, MessageAttributeValue>;
}

export interface RetryRig {
  sqs: LocalSqs;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The app's SQS client. */
  appSqs: SQSClient;
  /** Every SendMessage the app made to the worker queue, in order. */
  copies: SentCopy[];
  worker: WorkerApp;
  send(body: string, attributes?: Record<string, MessageAttributeValue>): Promise<string>;
  /** Takes every message now visible in a queue (deleting nothing). */
  receive(queueUrl: string): Promise<Message[]>;
  /** Starts the local sqsd in front of the app. */
  startDaemon(): Promise<{ daemon: Daemon; events: DaemonEvents }>;
  stop(): Promise<void>;
}

export interface RigOptions {
  jobs: readonly JobDefinition[];
  /** More environment; a function gets fauxqs's endpoint (SQS and S3). */
  env?: Record<string, string> | ((endpoint: string) => Record<string, string>);
  /** Record DelaySeconds, then send with 0. @default true */
  compressDelays?: boolean;
  /** Instead of the app's default scheduler. */
  retries?: (appSqs: SQSClient, queueUrl: string) => RetryScheduler;
  /** Leave WORKER_QUEUE_URL unset. */
  noQueueUrl?: boolean;
  /** Client replacements, besides the test defaults (no email, no queue). */
  clients?: Record<string, unknown>;
  logger?: Logger;
}

export async function startRetryRig(options: RigOptions): Promise<RetryRig> {
  const sqs = await startLocalSqs();
  const queueUrl = sqs.createQueue("worker-queue");
  const deadLetterQueueUrl = sqs.createQueue("worker-dlq");
  const appSqs = createSqsClient(sqs.endpoint);
  enforceSqsLimits(appSqs);
  const copies: SentCopy[] = [];
  appSqs.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        QueueUrl?: string;
        DelaySeconds?: number;
        MessageAttributes?: Record<string, MessageAttributeValue>;
      };
      if (context.commandName === "SendMessageCommand" && input.QueueUrl === queueUrl) {
        copies.push({
          delaySeconds: input.DelaySeconds,
          attributes: input.MessageAttributes ?? {},
        });
        if (options.compressDelays !== false) input.DelaySeconds = 0;
      }
      return next(args);
    },
    { step: "initialize", name: "recordCopies" },
  );
  const worker = testWorker({
    env: {
      ...(options.noQueueUrl ? {} : { WORKER_QUEUE_URL: queueUrl }),
      WORKER_DEAD_LETTER_QUEUE_URL: deadLetterQueueUrl,
      ...(typeof options.env === "function" ? options.env(sqs.endpoint) : options.env),
    },
    jobs: options.jobs,
    sqs: appSqs,
    deadLetterQueue: createSqsDeadLetterQueue(appSqs, deadLetterQueueUrl),
    ...(options.retries ? { retries: options.retries(appSqs, queueUrl) } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    clients: { ...testClients(), ...options.clients },
  });
  let server: Server | undefined;
  let daemon: Daemon | undefined;
  return {
    sqs,
    queueUrl,
    deadLetterQueueUrl,
    appSqs,
    copies,
    worker,
    async send(body, attributes) {
      const result = await sqs.client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageAttributes: attributes,
        }),
      );
      return result.MessageId ?? "";
    },
    async receive(url) {
      const result = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ["All"],
          MessageSystemAttributeNames: ["All"],
          VisibilityTimeout: 60,
          WaitTimeSeconds: 0,
        }),
      );
      return result.Messages ?? [];
    },
    async startDaemon() {
      const listening = worker.app.listen(0, "127.0.0.1");
      server = listening;
      await new Promise<void>((resolve) => listening.once("listening", resolve));
      const events = createDaemonEvents();
      daemon = startDaemon({
        sqs: sqs.client,
        queueUrl,
        // A loaded machine may take over a second to answer: only the retry is under test here.
        behaviour: testBehaviour({ errorVisibilityTimeout: 1, inactivityTimeout: 20 }),
        target: { port: (listening.address() as AddressInfo).port },
        events,
        tuning: { waitTimeSeconds: 1, batchFlushMs: 10 },
      });
      return { daemon, events };
    },
    async stop() {
      await daemon?.stop();
      if (server) {
        server.closeAllConnections();
        const closing = server;
        await new Promise<void>((resolve) =>
          closing.close(() => {
            resolve();
          }),
        );
      }
      appSqs.destroy();
      await sqs.stop();
    },
  };
}

/** The sqsd delivery of a message received from fauxqs, to POST to the app with supertest. */
export function deliveryOf(message: Message, receiveCount = 1): SqsdRequestOptions {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name.toLowerCase()] = value.StringValue;
  }
  const sentAt = new Date(Number(message.Attributes?.SentTimestamp ?? Date.now()));
  return {
    messageId: message.MessageId ?? "",
    receiveCount,
    sentAt,
    firstReceivedAt: sentAt,
    attributes,
  };
}
