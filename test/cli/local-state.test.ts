import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readLocalState, removeLocalState, writeLocalState } from "../../src/local/local-state.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { cli } from "./support.js";

describe("the CLI next to a running npm run local", function () {
  let sqs: LocalSqs;
  let cwd: string;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    cwd = mkdtempSync(join(tmpdir(), "sqs-worker-local-"));
  });
  afterEach(() => sqs.stop());

  it("finds the local queues without flags while the process that wrote them runs", async () => {
    const queueUrl = sqs.createQueue("sqs-worker-queue");
    const deadLetterQueueUrl = sqs.createQueue("sqs-worker-dead-letter-queue");
    await writeLocalState(cwd, {
      endpoint: sqs.endpoint,
      queueUrl,
      deadLetterQueueUrl,
      appUrl: "http://127.0.0.1:8080",
      pid: process.pid,
    });
    const run = await cli(["enqueue", "noop", "{}"], {}, { cwd });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/Enqueued noop to .*sqs-worker-queue\./);
    await removeLocalState(cwd);
    expect(await readLocalState(cwd)).to.equal(undefined);
  });

  it("ignores the file a stopped local loop left behind", async () => {
    await writeLocalState(cwd, {
      endpoint: sqs.endpoint,
      queueUrl: "http://x/1/q",
      deadLetterQueueUrl: "http://x/1/d",
      appUrl: "",
      pid: 2 ** 22 + 1,
    });
    expect(await readLocalState(cwd)).to.equal(undefined);
    const run = await cli(["dlq", "list"], {}, { cwd });
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(
      /Expected a queue URL from --dlq-url or \$WORKER_DEAD_LETTER_QUEUE_URL/,
    );
  });

  it("prefers flags and variables to the local loop's queues", async () => {
    const queueUrl = sqs.createQueue("from-variable");
    await writeLocalState(cwd, {
      endpoint: "http://127.0.0.1:9",
      queueUrl: "http://x/1/q",
      deadLetterQueueUrl: "http://x/1/d",
      appUrl: "",
      pid: process.pid,
    });
    const run = await cli(
      ["enqueue", "noop", "{}"],
      { SQS_ENDPOINT: sqs.endpoint, WORKER_QUEUE_URL: queueUrl },
      { cwd },
    );
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).to.match(/from-variable/);
  });
});
