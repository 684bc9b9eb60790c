/**
 * Signed messages end to end: the project's producer signs, fauxqs holds the message, the local
 * daemon forwards its attributes as X-Aws-Sqsd-Attr-* headers (docs/protocol.md §1.2), and the
 * real app (listening on 127.0.0.1:0) verifies them before routing.
 */
import { expect } from "chai";
import { ReceiveMessageCommand, SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClock } from "@sinonjs/fake-timers";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents, type DaemonEvents } from "../../src/daemon/events.js";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { parseCronYaml } from "../../src/cron/cron-file.js";
import { createProducer } from "../../src/producer/producer.js";
import { SIGNATURE_ATTRIBUTE } from "../../src/protocol/signature.js";
import type { TaskContext } from "../../src/tasks/define-task.js";
import { echoJob, recorder, type Recorder } from "../fixtures/jobs.js";
import { countingTask } from "../fixtures/tasks.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { KEY_1, SIGNING_ENV } from "../support/signing.js";
import { testWorker } from "../support/worker.js";
import { deletedCount, testBehaviour } from "./support.js";
import { cli } from "../cli/support.js";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { PermanentJobError } from "../../src/errors.js";

/** Fails permanently until the test says it may succeed: a bug fixed after the job was parked. */
function fixableJob(state: { fixed: boolean; runs: number }) {
  return defineJob({
    name: "fixable",
    payload: z.object({ order: z.number() }),
    handle() {
      state.runs += 1;
      return state.fixed
        ? Promise.resolve()
        : Promise.reject(new PermanentJobError("the bug is not fixed yet"));
    },
  });
}

describe("signed messages through the daemon to the worker app", function () {
  let sqs: LocalSqs;
  let server: Server;
  let daemon: Daemon;
  let events: DaemonEvents;
  let record: Recorder;
  let queueUrl: string;
  let dlqUrl: string;
  const taskRuns: TaskContext[] = [];
  const state = { fixed: false, runs: 0 };
  const MINUTE = 60_000;
  const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
  let clock: ReturnType<typeof createClock>;

  beforeEach(async () => {
    taskRuns.length = 0;
    state.runs = 0;
    record = recorder();
    clock = createClock(minuteStart + 59_000);
    sqs = await startLocalSqs();
    dlqUrl = sqs.createQueue("signed-dlq");
    queueUrl = sqs.createQueue("signed-queue");
    const { app } = testWorker({
      env: { ...SIGNING_ENV, WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl },
      jobs: [echoJob(record), fixableJob(state)],
      tasks: [countingTask(taskRuns)],
      deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
    });
    server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    events = createDaemonEvents();
    daemon = startDaemon({
      sqs: sqs.client,
      queueUrl,
      behaviour: testBehaviour(),
      target: { port: (server.address() as AddressInfo).port },
      events,
      clock,
      periodicTasks: parseCronYaml(
        'version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: "* * * * *"\n',
      ),
      tuning: { waitTimeSeconds: 1, batchFlushMs: 10 },
    });
  });

  afterEach(async () => {
    await daemon.stop();
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await sqs.stop();
  });

  it("runs a job the producer signed, with its attributes, and parks an unsigned one unrun", async () => {
    const producer = createProducer({
      sqs: sqs.client,
      queueUrl,
      jobs: [echoJob(record)],
      signingKey: KEY_1,
    });
    const settled = deletedCount(events, 2);
    await producer.enqueueByName("echo", { n: 1 }, { attributes: { Tenant: "acme" } });
    await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"type":"echo","payload":{"n":2}}',
      }),
    );
    await settled;
    expect(record.calls.map((call) => call.payload)).to.deep.equal([{ n: 1 }]);
    expect(record.calls[0]?.context.delivery.attributes).to.include({ tenant: "acme" });
    expect(record.calls[0]?.context.delivery.attributes[SIGNATURE_ATTRIBUTE]).to.match(
      /^v1;kid=k1;/,
    );
    const { Messages = [] } = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
      }),
    );
    expect(Messages.map((m) => m.Body)).to.deep.equal(['{"type":"echo","payload":{"n":2}}']);
    // However the parking details are laid out in attributes, they name the reason.
    expect(JSON.stringify(Messages[0]?.MessageAttributes)).to.include("signature-missing");
  });

  it("parks a signed job that failed permanently with its signature, and a redrive with the keys runs it", async () => {
    state.fixed = false;
    const producer = createProducer({
      sqs: sqs.client,
      queueUrl,
      jobs: [fixableJob(state)],
      signingKey: KEY_1,
    });
    const parked = deletedCount(events, 1);
    await producer.enqueueByName("fixable", { order: 1 }, { attributes: { tenant: "acme" } });
    await parked;
    expect(state.runs).to.equal(1);
    const { Messages = [] } = await sqs.client.send(
      new ReceiveMessageCommand({
        QueueUrl: dlqUrl,
        MessageAttributeNames: ["All"],
        WaitTimeSeconds: 1,
        VisibilityTimeout: 0,
      }),
    );
    expect(Messages[0]?.MessageAttributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.match(
      /^v1;kid=k1;/,
    );

    state.fixed = true;
    const completed = deletedCount(events, 1);
    const env = {
      ...SIGNING_ENV,
      SQS_ENDPOINT: sqs.endpoint,
      WORKER_QUEUE_URL: queueUrl,
      WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl,
    };
    const redrive = await cli(["dlq", "redrive"], env);
    expect(redrive.code, redrive.stderr).to.equal(0);
    await completed;
    expect(state.runs).to.equal(2);
  });

  it("runs a periodic task the leader sent unsigned", async () => {
    const deleted = deletedCount(events, 1);
    clock.tick(1_000);
    await deleted;
    expect(taskRuns.map((run) => run.task.name)).to.deep.equal(["nightly-report"]);
  });
});
