/**
 * One daemon test setup: fauxqs in-process, a worker queue (optionally with a DLQ), a stand-in
 * app, and the daemon between them. `stop()` tears everything down in order.
 */
import {
  GetQueueAttributesCommand,
  SendMessageCommand,
  type MessageAttributeValue,
} from "@aws-sdk/client-sqs";
import { startDaemon, type Daemon, type DaemonOptions } from "../../src/daemon/daemon.js";
import { createDaemonEvents, type DaemonEvents } from "../../src/daemon/events.js";
import type { DaemonSqsdOptions } from "../../src/daemon/parameters.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { injectSqsFaults, type SqsFaultOptions, type SqsFaults } from "../support/sqs-faults.js";
import { startTestApp, testBehaviour, type Answer, type TestApp } from "./support.js";

export interface Harness {
  sqs: LocalSqs;
  app: TestApp;
  daemon: Daemon;
  events: DaemonEvents;
  queueUrl: string;
  deadLetterQueueUrl: string | undefined;
  /** The faults injected into the daemon's SQS client, when asked for. */
  faults: SqsFaults | undefined;
  send(body: string, attributes?: Record<string, MessageAttributeValue>): Promise<string>;
  /** Visible + in flight + delayed messages of a queue. */
  countMessages(queueUrl: string): Promise<number>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  answer: Answer;
  behaviour?: Partial<DaemonSqsdOptions>;
  /** Creates a DLQ with a RedrivePolicy of this maxReceiveCount. */
  maxRetries?: number;
  daemon?: Partial<Omit<DaemonOptions, "sqs" | "queueUrl" | "behaviour" | "events">>;
  /** Gives the daemon its own SQS client with these faults; the test's own calls stay clean. */
  faults?: SqsFaultOptions;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const sqs = await startLocalSqs();
  const app = await startTestApp(options.answer);
  let deadLetterQueueUrl: string | undefined;
  let attributes: Record<string, string> | undefined;
  if (options.maxRetries !== undefined) {
    deadLetterQueueUrl = sqs.createQueue("worker-dlq");
    const arn = await queueArn(sqs, deadLetterQueueUrl);
    attributes = {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: arn,
        maxReceiveCount: options.maxRetries,
      }),
    };
  }
  const queueUrl = sqs.createQueue("worker-queue", attributes);
  const events = createDaemonEvents();
  const daemonClient = options.faults ? createSqsClient(sqs.endpoint) : sqs.client;
  const faults = options.faults ? injectSqsFaults(daemonClient, options.faults) : undefined;
  const daemon = startDaemon({
    sqs: daemonClient,
    queueUrl,
    behaviour: testBehaviour(options.behaviour),
    target: { port: app.port },
    events,
    ...options.daemon,
    tuning: { waitTimeSeconds: 1, batchFlushMs: 10, drainSeconds: 5, ...options.daemon?.tuning },
  });
  return {
    sqs,
    app,
    daemon,
    events,
    queueUrl,
    deadLetterQueueUrl,
    faults,
    async send(body, messageAttributes) {
      const result = await sqs.client.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: body,
          MessageAttributes: messageAttributes,
        }),
      );
      return result.MessageId ?? "";
    },
    async countMessages(url) {
      const result = await sqs.client.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
          ],
        }),
      );
      return Object.values(result.Attributes ?? {}).reduce((sum, value) => sum + Number(value), 0);
    },
    async stop() {
      faults?.setRate(0);
      await daemon.stop();
      if (daemonClient !== sqs.client) daemonClient.destroy();
      await app.close();
      await sqs.stop();
    },
  };
}

async function queueArn(sqs: LocalSqs, queueUrl: string): Promise<string> {
  const result = await sqs.client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
  );
  return result.Attributes?.QueueArn ?? "";
}
