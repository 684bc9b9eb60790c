/**
 * Two worker instances, each an app with its own daemon, on one queue (fauxqs) and one
 * idempotency table (dynalite), as Beanstalk runs a scaled-out worker tier. Every job's side
 * effect is counted: duplicates by idempotency key (20 %), sent together so they race on both
 * instances, and retries after a failure that follows the effect (10 %), must leave each effect
 * exactly once, and every message deleted.
 */
import { SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { createClock } from "@sinonjs/fake-timers";
import { expect } from "chai";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { parseCronYaml } from "../../src/cron/cron-file.js";
import { startDaemon, type Daemon } from "../../src/daemon/daemon.js";
import { createDaemonEvents, type DaemonEvents } from "../../src/daemon/events.js";
import { DynamoDbIdempotencyStore } from "../../src/idempotency/dynamodb-store.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import type { TaskContext } from "../../src/tasks/define-task.js";
import { countingTask } from "../fixtures/tasks.js";
import { testBehaviour } from "../daemon/support.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { seededRandom } from "../support/seeded-random.js";
import { testWorker } from "../support/worker.js";

// Bounded by dynalite's speed (30 to 50 ms a call in this process, four calls a job, slower
// when the whole suite runs): the volume belongs in a reliability scenario.
const JOBS = 100;
const MINUTE = 60_000;

interface Instance {
  name: string;
  server: Server;
  daemon: Daemon;
  events: DaemonEvents;
}

describe("two instances on one queue and one idempotency table", function () {
  this.timeout(180_000);
  let sqs: LocalSqs;
  let dynamo: EmbeddedDynamoDb;
  let queueUrl: string;
  let instances: Instance[];
  const effects = new Map<number, string[]>();
  const taskRuns: TaskContext[] = [];
  const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
  const clock = createClock(minuteStart + 59_000);

  /** Its effect in ctx.once, then a failure on the first attempt of every tenth job. */
  const effectJob = (instance: string) =>
    defineJob({
      name: "count-effect",
      payload: z.object({ n: z.number() }),
      async handle({ n }, ctx) {
        await ctx.once("effect", () => {
          effects.set(n, [...(effects.get(n) ?? []), instance]);
        });
        if (n % 10 === 3 && ctx.delivery.receiveCount === 1) {
          throw new Error("a later step failed");
        }
      },
    });

  async function startInstance(name: string): Promise<Instance> {
    const { app } = testWorker({
      jobs: [effectJob(name)],
      tasks: [countingTask(taskRuns)],
      idempotencyStore: new DynamoDbIdempotencyStore(dynamo.client, dynamo.table),
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    const events = createDaemonEvents();
    const daemon = startDaemon({
      sqs: sqs.client,
      queueUrl,
      // Short visibility: a refused or failed message comes back after 1 s, to either instance.
      behaviour: testBehaviour({ visibilityTimeout: 5, errorVisibilityTimeout: 1 }),
      target: { port: (server.address() as AddressInfo).port },
      events,
      clock,
      // Both lead: as after a leader change, the same minute is enqueued twice.
      periodicTasks: parseCronYaml(
        'version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: "* * * * *"\n',
      ),
      tuning: { waitTimeSeconds: 1, batchFlushMs: 10 },
    });
    return { name, server, daemon, events };
  }

  before(async () => {
    [sqs, dynamo] = await Promise.all([startLocalSqs(), startEmbeddedDynamoDb()]);
    queueUrl = sqs.createQueue("two-instances", { VisibilityTimeout: "5" });
    instances = [await startInstance("one"), await startInstance("two")];
  });

  after(async () => {
    for (const { daemon, server } of instances) {
      await daemon.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    }
    await Promise.all([sqs.stop(), dynamo.stop()]);
  });

  /** Resolves once `count` messages were deleted across both daemons. */
  function allDeleted(count: number): Promise<unknown> {
    let deleted = 0;
    return new Promise((resolve) => {
      for (const { events } of instances) {
        events.on("deleted", (refs) => {
          deleted += refs.length;
          if (deleted >= count) resolve(deleted);
        });
      }
    });
  }

  it("gives every job's effect exactly once, with 20 % duplicates and retries, and loses none", async () => {
    const random = seededRandom(10);
    const messages: { body: string; key: string }[] = [];
    for (let n = 0; n < JOBS; n += 1) {
      const message = {
        body: JSON.stringify({ type: "count-effect", payload: { n } }),
        key: `job-${n}`,
      };
      messages.push(message);
      // The duplicate goes out beside the original, so the two race on the two instances.
      if (random() < 0.2) messages.push(message);
    }
    const done = allDeleted(messages.length);

    for (let start = 0; start < messages.length; start += 10) {
      const batch = messages.slice(start, start + 10);
      await sqs.client.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageAttributes: {
              "idempotency-key": { DataType: "String", StringValue: message.key },
            },
          })),
        }),
      );
    }
    await done;

    const twice = [...effects.entries()].filter(([, runs]) => runs.length !== 1);
    expect(twice, "jobs whose effect did not happen exactly once").to.deep.equal([]);
    expect(effects.size).to.equal(JOBS);
    expect(messages.length - JOBS, "duplicates sent").to.be.greaterThan(JOBS * 0.15);
    const byInstance = [...effects.values()].flat();
    expect(byInstance.filter((name) => name === "one").length).to.be.greaterThan(0);
    expect(byInstance.filter((name) => name === "two").length).to.be.greaterThan(0);
  });

  it("runs a periodic task's minute once when both instances' leaders enqueue it", async () => {
    const both = allDeleted(2);
    clock.tick(1_000);
    await both;
    expect(taskRuns.map((run) => run.task.scheduledAt.getTime())).to.deep.equal([
      minuteStart + MINUTE,
    ]);
  });
});
