import { expect } from "chai";
import { ReceiveMessageCommand, SendMessageCommand, type Message } from "@aws-sdk/client-sqs";
import type { LocalSqs } from "../support/fauxqs.js";
import { cli, startWorkerQueues } from "./support.js";

describe("sqs-worker dlq", function () {
  let sqs: LocalSqs;
  let queueUrl: string;
  let dlqUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ sqs, queueUrl, dlqUrl, env } = await startWorkerQueues());
  });
  afterEach(() => sqs.stop());

  const text = (value: string) => ({ DataType: "String", StringValue: value });

  /** A message as the app parks it (src/delivery/dead-letter.ts), and one SQS moved after MaxRetries. */
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
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0] ?? "").to.match(/^ID\s+JOB TYPE\s+REASON\s+RECEIVES\s+AGE$/);
    expect(
      lines.some((line) => /^original-1\s+send-email\s+invalid-payload\s+1\s+\d+s$/.test(line)),
      run.stdout,
    ).to.equal(true);
    expect(
      lines.some((line) =>
        new RegExp(`^${retriedId}\\s+noop\\s+max-retries\\s+\\d+\\s+\\d+s$`).test(line),
      ),
      run.stdout,
    ).to.equal(true);
    expect((await receiveAll(dlqUrl)).length).to.equal(2);
  });

  it("lists as JSON lines with --json", async () => {
    await parkTwo();
    const run = await cli(["dlq", "list", "--json"], env);
    const rows = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; detail?: string });
    expect(rows.length).to.equal(2);
    expect(rows.find((row) => row.id === "original-1")?.detail).to.equal("to: Required");
  });

  it("redrives only the chosen message, without the parking attributes but with the others", async () => {
    const { retriedId } = await parkTwo();
    const run = await cli(["dlq", "redrive", "--id", "original-1"], env);
    expect(run.code, run.stderr).to.equal(0);
    const moved = (await receiveAll(queueUrl))[0]!;
    expect(moved.Body).to.equal('{"type":"send-email","payload":{}}');
    expect(Object.keys(moved.MessageAttributes ?? {})).to.deep.equal(["tenant"]);
    const left = await receiveAll(dlqUrl);
    expect(left.map((message) => message.MessageId)).to.deep.equal([retriedId]);
  });

  it("exits 1 naming an id it could not find", async () => {
    await parkTwo();
    const run = await cli(["dlq", "redrive", "--id", "nope"], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /Expected to find nope in the dead-letter queue, got no such message/,
    );
  });

  it("purges only with --yes", async () => {
    await parkTwo();
    const refused = await cli(["dlq", "purge"], env);
    expect(refused.code).to.equal(2);
    expect(refused.stderr).to.match(/Expected --yes to confirm purging/);
    const run = await cli(["dlq", "purge", "--yes"], env);
    expect(run.code, run.stderr).to.equal(0);
    expect((await receiveAll(dlqUrl)).length).to.equal(0);
  });

  it("names the unknown subcommand and lists the known ones", async () => {
    const run = await cli(["dlq", "drain"], env);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/Expected a command \(list, redrive, purge\), got "drain"/);
    const help = await cli(["dlq", "--help"], env);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/list\s+List the jobs in the dead-letter queue\./);
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
    expect(run.code, run.stderr).to.equal(0);
    const result = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: fifoQueueUrl,
        MessageSystemAttributeNames: ["MessageGroupId"],
      }),
    );
    expect(result.Messages?.[0]?.Attributes?.MessageGroupId).to.equal("tenant-7");
  });
});
