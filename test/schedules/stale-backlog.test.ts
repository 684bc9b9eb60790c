/**
 * A queue backed up by an hour: 60 scheduled-job messages of an every-minute task wait in the
 * worker queue (the embedded SQS), then the local sqsd delivers them to the worker app. Only the
 * one within a period of now runs; the 59 older ones answer 200 "skipped: stale" and are deleted.
 *
 * The app's Date is faked (and advances with real time) so the backlog's age does not depend on
 * where in the real minute the test starts; queue and HTTP run for real.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { install } from "@sinonjs/fake-timers";
import { expect } from "chai";
import { pino } from "pino";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents } from "../../src/daemon/events.js";
import { SCHEDULED_JOB_BODY, scheduledJobAttributes } from "../../src/protocol/scheduled-job.js";
import { defineTask, type TaskContext } from "../../src/tasks/define-task.js";
import { deletedCount, testBehaviour } from "../daemon/support.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { testWorker } from "../support/worker.js";

const MINUTE = 60_000;

describe("a backlog of stale runs of an every-minute task", function () {
  this.timeout(30_000);
  let clock: ReturnType<typeof install>;
  let sqs: LocalSqs;
  let server: Server | undefined;
  let daemon: Daemon | undefined;

  beforeEach(async () => {
    // One second into the next whole minute: the newest message's minute started a second ago.
    const now = Math.ceil(Date.now() / MINUTE) * MINUTE + 1_000;
    clock = install({ now, toFake: ["Date"], shouldAdvanceTime: true });
    sqs = await startLocalSqs();
  });

  afterEach(async () => {
    await daemon?.stop();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (server)
        server.close(() => {
          resolve();
        });
      else resolve();
    });
    await sqs.stop();
    clock.uninstall();
  });

  it("runs only the last of 60 queued minutes and skips the 59 others as stale, logging their lateness", async () => {
    const queueUrl = sqs.createQueue("backlog-queue");
    const newest = Math.floor(Date.now() / MINUTE) * MINUTE;
    const minutes = Array.from({ length: 60 }, (_, index) => newest - (59 - index) * MINUTE);
    for (let batch = 0; batch < minutes.length; batch += 10) {
      await sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: minutes.slice(batch, batch + 10).map((minute, index) => ({
            Id: String(batch + index),
            MessageBody: SCHEDULED_JOB_BODY,
            MessageAttributes: scheduledJobAttributes(
              "sync-orders",
              "/tasks/sync-orders",
              new Date(minute),
            ),
          })),
        }),
      );
    }

    const runs: TaskContext[] = [];
    const task = defineTask({
      name: "sync-orders",
      schedule: "* * * * *",
      run(context) {
        runs.push(context);
        return Promise.resolve();
      },
    });
    const lines: Record<string, unknown>[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
          done();
        },
      }),
    );
    const { app } = testWorker({ tasks: [task], logger });
    const listening = app.listen(0, "127.0.0.1");
    server = listening;
    await new Promise<void>((resolve) => listening.once("listening", resolve));
    const events = createDaemonEvents();
    const statuses: number[] = [];
    events.on("posted", (event) => {
      statuses.push(event.status);
    });
    const deleted = deletedCount(events, 60);
    daemon = startDaemon({
      sqs: sqs.client,
      queueUrl,
      behaviour: testBehaviour(),
      target: { port: (listening.address() as AddressInfo).port },
      events,
      periodicTasks: [],
      tuning: { waitTimeSeconds: 1, batchFlushMs: 10 },
    });
    await deleted;

    expect(statuses).to.have.length(60);
    expect(statuses.every((status) => status === 200)).to.equal(true);
    expect(runs.map((run) => run.task.scheduledAt.getTime())).to.deep.equal([newest]);
    const outcomes = lines.filter((line) => "outcome" in line);
    expect(outcomes.filter((line) => line.outcome === "completed")).to.have.length(1);
    const stale = outcomes.filter((line) => line.outcome === "skipped-stale");
    expect(stale).to.have.length(59);
    const oldest = stale.find((line) => Number(line.latenessMs) >= 59 * MINUTE);
    expect(oldest).to.include({ task: "sync-orders", status: 200, maxLatenessMs: MINUTE });
    expect(String(oldest?.msg)).to.match(/^task Skipped: stale\. Scheduled at \S+, 35\d\d s ago/);
  });
});
