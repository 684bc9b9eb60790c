import { expect } from "chai";
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SendMessageBatchCommandOutput,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { LocalSqs } from "../support/fauxqs.js";
import { injectSqsFaults, type SqsFaultOptions } from "../support/sqs-faults.js";
import { enforceSqsLimits } from "../support/sqs-limits.js";
import { cli, startWorkerQueues } from "./support.js";

describe("sqs-worker dlq redrive: what it moves", function () {
  this.timeout(30_000);
  let sqs: LocalSqs;
  let queueUrl: string;
  let dlqUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ sqs, queueUrl, dlqUrl, env } = await startWorkerQueues());
  });
  afterEach(() => sqs.stop());

  async function park(bodies: string[]): Promise<void> {
    for (const body of bodies) {
      await sqs.client.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: body }));
    }
  }

  /** Every body in the queue, consuming them. */
  async function drain(url: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.client.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10 }),
      );
      if (Messages.length === 0) return bodies;
      for (const message of Messages) {
        bodies.push(message.Body ?? "");
        await sqs.client.send(
          new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }),
        );
      }
    }
  }

  const jobs = (count: number): string[] =>
    Array.from({ length: count }, (_, n) => JSON.stringify({ type: "noop", payload: { n } }));

  /**
   * A worker that fails every redriven job at once and parks a copy, as src/dead-letter.ts does:
   * each message sent to the worker queue comes back to the dead-letter queue with
   * `worker.original-message-id`.
   */
  function withParkingWorker(client: SQSClient): SQSClient {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as {
          QueueUrl?: string;
          Entries?: { Id?: string; MessageBody?: string }[];
        };
        if (context.commandName !== "SendMessageBatchCommand" || input.QueueUrl !== queueUrl) {
          return result;
        }
        const output = result.output as SendMessageBatchCommandOutput;
        for (const sent of output.Successful ?? []) {
          const body = input.Entries?.find((entry) => entry.Id === sent.Id)?.MessageBody;
          await sqs.client.send(
            new SendMessageCommand({
              QueueUrl: dlqUrl,
              MessageBody: body,
              MessageAttributes: {
                "worker.original-message-id": { DataType: "String", StringValue: sent.MessageId },
                "worker.reason": { DataType: "String", StringValue: "permanent" },
              },
            }),
          );
        }
        return result;
      },
      { step: "initialize", name: "parkingWorker" },
    );
    return client;
  }

  const withFaults =
    (options: SqsFaultOptions) =>
    (client: SQSClient): SQSClient => {
      enforceSqsLimits(client);
      injectSqsFaults(client, options);
      return client;
    };

  it("moves a snapshot: the copies a running worker parks again during the run stay in the dead-letter queue", async () => {
    await park(jobs(3));
    const run = await cli(["dlq", "redrive", "--limit", "50"], env, {
      wrapClient: withParkingWorker,
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Redrove 3 message(s)");
    expect(run.stderr).to.include(
      "Left 3 message(s) that reached the dead-letter queue after the redrive started",
    );
    expect(run.stdout.trim().split("\n")).to.have.length(3);
    expect((await drain(queueUrl)).toSorted()).to.deep.equal(jobs(3).toSorted());
    expect((await drain(dlqUrl)).toSorted()).to.deep.equal(jobs(3).toSorted());
  });

  it("moves six 200 KB messages in batches that stay within SQS's batch byte limit", async () => {
    const large = Array.from({ length: 6 }, (_, n) =>
      JSON.stringify({ type: "noop", payload: { n, text: "x".repeat(200_000) } }),
    );
    await park(large);
    const run = await cli(["dlq", "redrive"], env, { wrapClient: withFaults({ rate: 0 }) });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Redrove 6 message(s)");
    expect((await drain(queueUrl)).toSorted()).to.deep.equal(large.toSorted());
    expect(await drain(dlqUrl)).to.deep.equal([]);
  });

  it("makes every message it held visible again at once when sending keeps failing", async () => {
    await park(jobs(3));
    const run = await cli(["dlq", "redrive"], env, {
      wrapClient: withFaults({
        rate: 1,
        kinds: ["errors"],
        actions: ["SendMessageBatch", "SendMessage"],
      }),
    });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include("Redrove 0 message(s)");
    // Visible again now, not after the reader's hold of 60 s.
    expect((await drain(dlqUrl)).toSorted()).to.deep.equal(jobs(3).toSorted());
    expect(await drain(queueUrl)).to.deep.equal([]);
  });

  it("moves every message exactly once although every SQS call fails, throttles, drops entries or slows down now and then", async () => {
    await park(jobs(25));
    const run = await cli(["dlq", "redrive"], env, {
      wrapClient: withFaults({ rate: 0.3, seed: 5, slowMs: 50 }),
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Redrove 25 message(s)");
    expect((await drain(queueUrl)).toSorted()).to.deep.equal(jobs(25).toSorted());
    expect(await drain(dlqUrl)).to.deep.equal([]);
  });
});
