import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { ReceiveMessageCommand, type Message } from "@aws-sdk/client-sqs";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { cli } from "./support.js";

describe("sqs-worker enqueue", function () {
  let sqs: LocalSqs;
  let queueUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    queueUrl = sqs.createQueue("worker-queue");
    env = { SQS_ENDPOINT: sqs.endpoint, WORKER_QUEUE_URL: queueUrl };
  });
  afterEach(() => sqs.stop());

  async function receiveAll(): Promise<Message[]> {
    const messages: Message[] = [];
    for (;;) {
      const result = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ["All"],
        }),
      );
      if (!result.Messages) return messages;
      messages.push(...result.Messages);
    }
  }

  it("puts one job on the queue as a {type, payload} envelope and prints its message id", async () => {
    const run = await cli(["enqueue", "noop", '{"n":1}', "--attribute", "origin=cli"], env);
    expect(run.code, run.stderr).to.equal(0);
    const [message] = await receiveAll();
    expect(run.stdout.trim()).to.equal(message?.MessageId);
    expect(JSON.parse(message?.Body ?? "")).to.deep.equal({ type: "noop", payload: { n: 1 } });
    expect(message?.MessageAttributes?.origin?.StringValue).to.equal("cli");
  });

  it("sends every line of an NDJSON file, and names the lines it could not send", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sqs-worker-jobs-"));
    const file = join(dir, "jobs.ndjson");
    const lines = Array.from({ length: 24 }, (_, n) =>
      JSON.stringify({ type: "noop", payload: { n } }),
    );
    lines.splice(5, 0, JSON.stringify({ type: "no-such-job", payload: {} }));
    writeFileSync(file, `${lines.join("\n")}\n`);
    const run = await cli(["enqueue", "--file", file], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/Enqueued 24 of 25 job\(s\)\./);
    expect(run.stderr).to.match(/line 6: .*no-such-job/);
    expect((await receiveAll()).length).to.equal(24);
  });

  it("refuses a file with a line that is not JSON, sending nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sqs-worker-jobs-"));
    const file = join(dir, "jobs.ndjson");
    writeFileSync(file, '{"type":"noop","payload":{}}\n{oops}\n');
    const run = await cli(["enqueue", "--file", file], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/jobs\.ndjson:2: expected JSON, got a parse error/);
    expect((await receiveAll()).length).to.equal(0);
  });

  it("exits 2 naming the problem for an unknown flag, a missing payload, or both forms at once", async () => {
    const unknown = await cli(["enqueue", "noop", "{}", "--colour"], env);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.match(/^sqs-worker: Expected a known option, got --colour\n/);
    expect(unknown.stderr).to.match(/Run `sqs-worker enqueue --help` for usage\./);
    const missing = await cli(["enqueue", "noop"], env);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.match(/Expected <job-type> <payload-json>, got 1 argument\(s\)/);
    const both = await cli(["enqueue", "noop", "{}", "--file", "x"], env);
    expect(both.stderr).to.match(/Expected either --file or <job-type> <payload-json>, got both/);
    const badJson = await cli(["enqueue", "noop", "{nope"], env);
    expect(badJson.stderr).to.match(/Expected <payload-json> to be JSON, got "\{nope"/);
  });

  it("exits 1 when no queue URL is given anywhere", async () => {
    const run = await cli(["enqueue", "noop", "{}"], { SQS_ENDPOINT: sqs.endpoint });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/Expected a queue URL from --queue-url or \$WORKER_QUEUE_URL/);
  });

  it("prints help for the command and exits 0", async () => {
    const run = await cli(["enqueue", "--help"]);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/Usage: sqs-worker enqueue <job-type> <payload-json>/);
    expect(run.stdout).to.match(/--queue-url <url>/);
  });

  it("exits 1 saying SQS refused the connection when nothing listens at the endpoint", async () => {
    const run = await cli(["enqueue", "noop", "{}"], {
      SQS_ENDPOINT: "http://127.0.0.1:9",
      WORKER_QUEUE_URL: "http://127.0.0.1:9/000000000000/worker-queue",
    });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /Expected SQS to answer, got the connection refused \(connect ECONNREFUSED 127\.0\.0\.1:9\)/,
    );
  });

  it("exits 1 with the schema's complaint for an invalid payload, sending nothing", async () => {
    const run = await cli(["enqueue", "send-email", '{"to":"x"}'], env);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /^sqs-worker: Expected a payload matching the "send-email" schema, got to: /,
    );
    expect((await receiveAll()).length).to.equal(0);
  });
});
