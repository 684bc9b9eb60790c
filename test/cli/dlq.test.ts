import assert from "node:assert/strict";
import { ReceiveMessageCommand, SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { cli } from "./support.js";

describe("sqs-worker dlq", function () {
  let sqs: LocalSqs;
  let queueUrl: string;
  let dlqUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    queueUrl = sqs.createQueue("worker-queue");
    dlqUrl = sqs.createQueue("worker-dlq");
    env = {
      SQS_ENDPOINT: sqs.endpoint,
      WORKER_QUEUE_URL: queueUrl,
      WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl,
    };
  });
  afterEach(() => sqs.stop());

  const text = (value: string) => ({ DataType: "String", StringValue: value });

  /** A message as the app parks it (src/dead-letter.ts), and one SQS moved after MaxRetries. */
  async function parkTwo(): Promise<{ parkedId: string; retriedId: string }> {
    const parked = await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: dlqUrl,
        MessageBody: '{"type":"send-email","payload":{}}',
        MessageAttributes: {
          "worker.reason": text("invalid-payload"),
          "worker.job-type": text("send-email"),
          "worker.original-message-id": text("original-1"),
          "worker.receive-count": { DataType: "Number", StringValue: "1" },
          "worker.detail": text("to: Required"),
          tenant: text("acme"),
        },
      }),
    );
    const retried = await sqs.client.send(
      new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: '{"type":"noop","payload":{}}' }),
    );
    return { parkedId: parked.MessageId ?? "", retriedId: retried.MessageId ?? "" };
  }

  async function receiveAll(url: string): Promise<Message[]> {
    const result = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
      }),
    );
    return result.Messages ?? [];
  }

  it("lists each parked job with its id, job type, reason, receive count and age, and leaves it there", async () => {
    const { retriedId } = await parkTwo();
    const run = await cli(["dlq", "list"], env);
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout.trim().split("\n");
    assert.match(lines[0] ?? "", /^ID\s+JOB TYPE\s+REASON\s+RECEIVES\s+AGE$/);
    assert.ok(
      lines.some((line) => /^original-1\s+send-email\s+invalid-payload\s+1\s+\d+s$/.test(line)),
      run.stdout,
    );
    assert.ok(
      lines.some((line) =>
        new RegExp(`^${retriedId}\\s+noop\\s+max-retries\\s+\\d+\\s+\\d+s$`).test(line),
      ),
      run.stdout,
    );
    assert.equal((await receiveAll(dlqUrl)).length, 2);
  });

  it("lists as JSON lines with --json", async () => {
    await parkTwo();
    const run = await cli(["dlq", "list", "--json"], env);
    const rows = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; detail?: string });
    assert.equal(rows.length, 2);
    assert.equal(rows.find((row) => row.id === "original-1")?.detail, "to: Required");
  });

  it("redrives only the chosen message, without the parking attributes but with the others", async () => {
    const { retriedId } = await parkTwo();
    const run = await cli(["dlq", "redrive", "--id", "original-1"], env);
    assert.equal(run.code, 0, run.stderr);
    const moved = (await receiveAll(queueUrl))[0]!;
    assert.equal(moved.Body, '{"type":"send-email","payload":{}}');
    assert.deepEqual(Object.keys(moved.MessageAttributes ?? {}), ["tenant"]);
    const left = await receiveAll(dlqUrl);
    assert.deepEqual(
      left.map((message) => message.MessageId),
      [retriedId],
    );
  });

  it("exits 1 naming an id it could not find", async () => {
    await parkTwo();
    const run = await cli(["dlq", "redrive", "--id", "nope"], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /Expected to find nope in the dead-letter queue, got no such message/);
  });

  it("purges only with --yes", async () => {
    await parkTwo();
    const refused = await cli(["dlq", "purge"], env);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /Expected --yes to confirm purging/);
    const run = await cli(["dlq", "purge", "--yes"], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((await receiveAll(dlqUrl)).length, 0);
  });

  it("names the unknown subcommand and lists the known ones", async () => {
    const run = await cli(["dlq", "drain"], env);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /Expected a command \(list, redrive, purge\), got "drain"/);
    const help = await cli(["dlq", "--help"], env);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /list\s+List the jobs in the dead-letter queue\./);
  });

  it("redrives into a FIFO worker queue, keeping each message's group", async () => {
    const fifo = { FifoQueue: "true" };
    const fifoQueueUrl = sqs.createQueue("worker-queue.fifo", fifo);
    const fifoDlqUrl = sqs.createQueue("worker-dlq.fifo", fifo);
    await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: fifoDlqUrl,
        MessageBody: '{"type":"noop","payload":{}}',
        MessageGroupId: "tenant-7",
        MessageDeduplicationId: "d1",
      }),
    );
    const run = await cli(
      ["dlq", "redrive", "--queue-url", fifoQueueUrl, "--dlq-url", fifoDlqUrl],
      env,
    );
    assert.equal(run.code, 0, run.stderr);
    const result = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: fifoQueueUrl,
        MessageSystemAttributeNames: ["MessageGroupId"],
      }),
    );
    assert.equal(result.Messages?.[0]?.Attributes?.MessageGroupId, "tenant-7");
  });
});
