import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from "@aws-sdk/client-sqs";
import { SCHEDULED_JOB_ATTRIBUTE, SCHEDULED_JOB_BODY } from "../../src/protocol/scheduled-job.js";
import type { LocalSqs } from "../support/fauxqs.js";
import { cli, startWorkerQueues } from "./support.js";

describe("sqs-worker queue stats and task run", () => {
  let sqs: LocalSqs;
  let queueUrl: string;
  let dlqUrl: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    ({ sqs, queueUrl, dlqUrl, env } = await startWorkerQueues());
  });
  afterEach(() => sqs.stop());

  it("shows visible, in flight and delayed messages of the worker queue and the dead-letter queue", async () => {
    await sqs.client.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: [
          { Id: "a", MessageBody: "{}" },
          { Id: "b", MessageBody: "{}" },
          { Id: "c", MessageBody: "{}" },
          { Id: "d", MessageBody: "{}", DelaySeconds: 600 },
        ],
      }),
    );
    await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 1,
        VisibilityTimeout: 600,
      }),
    );
    await sqs.client.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: "{}" }));
    const run = await cli(["queue", "stats"], env);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(
      [
        "QUEUE              VISIBLE  IN FLIGHT  DELAYED",
        "worker queue       2        1          1",
        "dead-letter queue  1        0          0",
        "",
      ].join("\n"),
    );
    const json = await cli(["queue", "stats", "--json"], env);
    expect(JSON.parse(json.stdout.split("\n")[0] ?? "")).to.deep.equal({
      queue: "worker queue",
      url: queueUrl,
      visible: 2,
      inFlight: 1,
      delayed: 1,
    });
  });

  it("sends a task's scheduled-job message now, as the Beanstalk leader would", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-task-"));
    writeFileSync(
      join(cwd, "cron.yaml"),
      "version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: '0 3 * * *'\n",
    );
    const run = await cli(["task", "run", "nightly-report"], env, { cwd });
    expect(run.code, run.stderr).to.equal(0);
    const { Messages } = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ["All"] }),
    );
    const [message] = Messages ?? [];
    expect(run.stdout).to.equal(`${message?.MessageId}\n`);
    expect(message?.Body).to.equal(SCHEDULED_JOB_BODY);
    const attributes = message?.MessageAttributes ?? {};
    expect(attributes[SCHEDULED_JOB_ATTRIBUTE.taskName]?.StringValue).to.equal("nightly-report");
    expect(attributes[SCHEDULED_JOB_ATTRIBUTE.path]?.StringValue).to.equal("/tasks/nightly-report");
    expect(attributes[SCHEDULED_JOB_ATTRIBUTE.scheduledTime]?.StringValue).to.match(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/,
    );
    // A manual run: the app lets it through the task's guards (test/schedules/manual-run.test.ts).
    expect(attributes["sqs-worker-manual-run"]?.StringValue).to.equal("true");
  });

  it("with --guards, sends the current whole minute without the manual-run mark, as the leader would", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-task-"));
    writeFileSync(
      join(cwd, "cron.yaml"),
      "version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: '0 3 * * *'\n",
    );
    const run = await cli(["task", "run", "nightly-report", "--guards"], env, { cwd });
    expect(run.code, run.stderr).to.equal(0);
    const { Messages } = await sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ["All"] }),
    );
    const attributes = Messages?.[0]?.MessageAttributes ?? {};
    expect(attributes[SCHEDULED_JOB_ATTRIBUTE.scheduledTime]?.StringValue).to.match(
      /^\d{4}-\d\d-\d\d \d\d:\d\d:00 UTC$/,
    );
    expect(attributes).to.not.have.property("sqs-worker-manual-run");
  });

  it("exits 2 for a task not in cron.yaml, suggesting the nearest one", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-task-"));
    writeFileSync(
      join(cwd, "cron.yaml"),
      "version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: '0 3 * * *'\n",
    );
    const run = await cli(["task", "run", "nightly-reprt"], env, { cwd });
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      `sqs-worker: Expected a task from ${join(cwd, "cron.yaml")} (nightly-report), got "nightly-reprt". Did you mean "nightly-report"?\nRun \`sqs-worker task run --help\` for usage.\n`,
    );
  });
});
