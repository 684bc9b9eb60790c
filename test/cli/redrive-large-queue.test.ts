import { expect } from "chai";
import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { cli } from "./support.js";

/**
 * A client whose receives hold nothing: every message is visible again at once, as on a large
 * queue where the hold runs out before the command is done with the message.
 */
function withExpiredHolds(client: SQSClient): SQSClient {
  client.middlewareStack.add(
    (next, context) => (args) => {
      if (context.commandName === "ReceiveMessageCommand") {
        (args.input as { VisibilityTimeout?: number }).VisibilityTimeout = 0;
      }
      return next(args);
    },
    { step: "initialize", name: "expiredHolds" },
  );
  return client;
}

describe("sqs-worker dlq on a queue whose holds run out", () => {
  let sqs: LocalSqs;
  let queueUrl: string;
  let dlqUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    queueUrl = sqs.createQueue("worker-queue", { MaximumMessageSize: "1024" });
    dlqUrl = sqs.createQueue("worker-dlq");
    env = {
      SQS_ENDPOINT: sqs.endpoint,
      WORKER_QUEUE_URL: queueUrl,
      WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl,
    };
  });
  afterEach(() => sqs.stop());

  async function park(bodies: string[]): Promise<void> {
    for (let start = 0; start < bodies.length; start += 10) {
      await sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl: dlqUrl,
          Entries: bodies
            .slice(start, start + 10)
            .map((body, index) => ({ Id: String(index), MessageBody: body })),
        }),
      );
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

  it("redrives every message exactly once, batch by batch", async () => {
    await park(jobs(25));
    const run = await cli(["dlq", "redrive"], env, { wrapClient: withExpiredHolds });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.include("Redrove 25 message(s)");
    const moved = await drain(queueUrl);
    expect(moved).to.have.length(25);
    expect(new Set(moved)).to.deep.equal(new Set(jobs(25)));
    expect(await drain(dlqUrl)).to.deep.equal([]);
  });

  it("lists each message once", async () => {
    await park(jobs(5));
    const run = await cli(["dlq", "list", "--json"], env, { wrapClient: withExpiredHolds });
    expect(run.code, run.stderr).to.equal(0);
    const ids = run.stdout
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { dlqMessageId: string }).dlqMessageId);
    expect(ids).to.have.length(5);
    expect(new Set(ids).size).to.equal(5);
  });

  it("names each message the worker queue refused, moves the others, and keeps it in the dead-letter queue", async () => {
    const tooLarge = JSON.stringify({ type: "noop", payload: { text: "x".repeat(2000) } });
    await park([...jobs(3), tooLarge]);
    const run = await cli(["dlq", "redrive"], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /: not sent, still in the dead-letter queue \(InvalidParameterValue: /,
    );
    expect(run.stderr).to.include("Redrove 3 message(s)");
    expect(run.stderr).to.include("Expected every chosen message to move, got 1 that did not");
    expect(run.stdout.trim().split("\n")).to.have.length(3);
    expect(new Set(await drain(queueUrl))).to.deep.equal(new Set(jobs(3)));
    expect(await drain(dlqUrl)).to.deep.equal([tooLarge]);
  });
});
