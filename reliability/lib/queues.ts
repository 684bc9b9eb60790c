/**
 * The queue side of a scenario: a worker queue whose redrive policy moves a message to its
 * dead-letter queue after `maxReceiveCount` receives (what sqsd's MaxRetries is on AWS), the jobs
 * sent to it, and what the dead-letter queue holds at the end.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { PROBE_JOB_TYPE } from "./probe-job.js";

export interface QueuePair {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

let pairs = 0;

export async function createQueuePair(
  client: SQSClient,
  label: string,
  maxReceiveCount: number,
): Promise<QueuePair> {
  pairs += 1;
  const name = `reliability-${label}-${pairs}-${Date.now()}`;
  const deadLetterQueueUrl = await createQueue(client, `${name}-dlq`, {});
  const { Attributes: attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ["QueueArn"] }),
  );
  if (!attributes.QueueArn) throw new Error(`Expected a QueueArn for ${name}-dlq, got none`);
  const queueUrl = await createQueue(client, name, {
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: attributes.QueueArn,
      maxReceiveCount,
    }),
  });
  return { queueUrl, deadLetterQueueUrl };
}

async function createQueue(
  client: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const created = await client.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (!created.QueueUrl) throw new Error(`Expected a QueueUrl for ${name}, got none`);
  return created.QueueUrl;
}

/** One job of a scenario: its id is unique within the run. */
export interface ProbeJob {
  id: string;
  workMs?: number;
  ignoresSignal?: boolean;
}

export function probeBody(job: ProbeJob): string {
  return JSON.stringify({ type: PROBE_JOB_TYPE, payload: job });
}

/** Sends the jobs in batches of 10, four batches at a time; every one must be accepted. */
export async function sendJobs(
  client: SQSClient,
  queueUrl: string,
  jobs: readonly ProbeJob[],
): Promise<void> {
  let next = 0;
  const sender = async (): Promise<void> => {
    while (next < jobs.length) {
      const batch = jobs.slice(next, next + 10);
      next += batch.length;
      const sent = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((job, index) => ({ Id: String(index), MessageBody: probeBody(job) })),
        }),
      );
      if (sent.Failed && sent.Failed.length > 0) {
        throw new Error(
          `Expected every job to be accepted by the queue, got ${sent.Failed.length} failures`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, sender));
}

/**
 * Every job id in a queue (the dead-letter queue, at the end of a scenario). Messages are left
 * invisible; a body that is not a probe job counts under "other".
 */
export async function drainIds(
  client: SQSClient,
  queueUrl: string,
): Promise<{ ids: string[]; other: number }> {
  const ids: string[] = [];
  let other = 0;
  // Bounded: a queue of this run holds at most a few tens of thousands of messages.
  for (let round = 0; round < 10_000; round++) {
    const { Messages: messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3600,
        WaitTimeSeconds: 0,
      }),
    );
    if (messages.length === 0) return { ids, other };
    for (const message of messages) {
      const id = jobIdOf(message.Body ?? "");
      if (id === undefined) other += 1;
      else ids.push(id);
    }
  }
  throw new Error(`Expected to read all of ${queueUrl} within 10,000 receives`);
}

/** The job id of a probe message body, or undefined for anything else. */
export function jobIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { type?: unknown; payload?: { id?: unknown } };
    return parsed.type === PROBE_JOB_TYPE && typeof parsed.payload?.id === "string"
      ? parsed.payload.id
      : undefined;
  } catch {
    return undefined;
  }
}
