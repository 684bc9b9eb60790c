/**
 * The daemon in front of the real worker app (createApp, listening on 127.0.0.1:0) with test
 * jobs: what the app parks in the dead-letter queue, and what `dlq redrive` brings back.
 */
import { expect } from "chai";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents, type DaemonEvents } from "../../src/daemon/events.js";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { PermanentJobError } from "../../src/errors.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { permanentJob } from "../fixtures/jobs.js";
import { countingTask } from "../fixtures/tasks.js";
import type { TaskContext } from "../../src/tasks/define-task.js";
import { parseCronYaml } from "../../src/cron/cron-file.js";
import { createClock } from "@sinonjs/fake-timers";
import { cli } from "../cli/support.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { testWorker } from "../support/worker.js";
import { deletedCount, nextEvent, testBehaviour } from "./support.js";

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

describe("daemon in front of the worker app", function () {
  let sqs: LocalSqs;
  let server: Server;
  let daemon: Daemon;
  let events: DaemonEvents;
  let env: Record<string, string>;
  const state = { fixed: false, runs: 0 };
  const taskRuns: TaskContext[] = [];
  const MINUTE = 60_000;
  const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
  let clock: ReturnType<typeof createClock>;

  beforeEach(async () => {
    state.fixed = false;
    state.runs = 0;
    taskRuns.length = 0;
    clock = createClock(minuteStart + 59_000);
    sqs = await startLocalSqs();
    const dlqUrl = sqs.createQueue("worker-dlq");
    const queueUrl = sqs.createQueue("worker-queue");
    env = {
      SQS_ENDPOINT: sqs.endpoint,
      WORKER_QUEUE_URL: queueUrl,
      WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl,
    };
    const { app } = testWorker({
      env: { WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl },
      jobs: [permanentJob, fixableJob(state)],
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

  /** Test job types are not in the real registry the CLI's producer checks; send envelopes directly. */
  async function sendJob(type: string, payload: unknown): Promise<string> {
    const result = await sqs.client.send(
      new SendMessageCommand({
        QueueUrl: env.WORKER_QUEUE_URL,
        MessageBody: JSON.stringify({ type, payload }),
      }),
    );
    return result.MessageId ?? "";
  }

  it("sees a permanently bad job parked in the dead-letter queue at once, after one delivery", async () => {
    const deleted = deletedCount(events, 1);
    const posted: number[] = [];
    events.on("posted", (event) => {
      posted.push(event.status);
    });
    const id = await sendJob("gives-up", {});
    await deleted;
    expect(posted).to.deep.equal([200]);
    const list = await cli(["dlq", "list", "--json"], env);
    const rows = list.stdout
      .trim()
      .split("\n")
      .map(
        (line) =>
          JSON.parse(line) as { id: string; jobType: string; reason: string; receiveCount: string },
      );
    expect(rows.length).to.equal(1);
    expect(rows[0]!.id).to.equal(id);
    expect(rows[0]!.jobType).to.equal("gives-up");
    expect(rows[0]!.receiveCount).to.equal("1");
    expect(rows[0]!.reason).to.not.equal("max-retries");
  });

  it("brings parked jobs back with dlq redrive, and they complete", async () => {
    const parked = deletedCount(events, 2);
    await sendJob("fixable", { order: 1 });
    await sendJob("fixable", { order: 2 });
    await parked;
    expect(state.runs).to.equal(2);

    state.fixed = true;
    const completed = deletedCount(events, 2);
    const redrive = await cli(["dlq", "redrive"], env);
    expect(redrive.code, redrive.stderr).to.equal(0);
    const newIds = redrive.stdout
      .trim()
      .split("\n")
      .map((line) => line.split(" -> ")[1]);
    expect(new Set(await completed)).to.deep.equal(new Set(newIds));
    expect(state.runs).to.equal(4);
    const list = await cli(["dlq", "list", "--json"], env);
    expect(list.stdout).to.equal("");
    await nextEvent(events, "idle");
  });

  it("runs a due periodic task through the queue to its handler, with its name and minute", async () => {
    const deleted = deletedCount(events, 1);
    clock.tick(1_000);
    await deleted;
    expect(taskRuns.length).to.equal(1);
    expect(taskRuns[0]!.task.name).to.equal("nightly-report");
    expect(taskRuns[0]!.task.scheduledAt.getTime()).to.equal(minuteStart + MINUTE);
  });
});
