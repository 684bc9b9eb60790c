/**
 * A job type with a retry policy, end to end: fauxqs, the local sqsd and the worker app, with
 * each delayed copy really sent to the worker queue. The copies' delays are recorded and then
 * compressed to 0 (test/retry/support.ts); the delay itself is SQS's job, measured once in
 * test/jobs/enrich-contact-flow.test.ts.
 */
import { expect } from "chai";
import { z } from "zod";
import type { DaemonEvents } from "../../src/daemon/events.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { readParkingDetails } from "../../src/protocol/message-attributes.js";
import { deletedCount, nextEvent } from "../daemon/support.js";
import { startRetryRig, type RetryRig } from "./support.js";

interface Run {
  attempt: number;
  isFinalAttempt: boolean;
}

/** Fails its first `failures` runs, then succeeds; records every run. */
function flakyJob(runs: Run[], failures: number, attempts: number) {
  return defineJob({
    name: "flaky",
    payload: z.object({ order: z.number() }),
    retry: { attempts, initialDelaySeconds: 1, factor: 2, jitter: 0 },
    handle(_payload, { attempt, isFinalAttempt }) {
      runs.push({ attempt, isFinalAttempt });
      if (runs.length <= failures) {
        return Promise.reject(new Error(`the warehouse API is down (run ${runs.length})`));
      }
      return Promise.resolve();
    },
  });
}

describe("a job type with a retry policy, through the local sqsd", function () {
  let rig: RetryRig;
  let events: DaemonEvents;
  const runs: Run[] = [];
  const statuses: number[] = [];

  async function start(failures: number, attempts: number) {
    runs.length = 0;
    statuses.length = 0;
    rig = await startRetryRig({ jobs: [flakyJob(runs, failures, attempts)] });
    ({ events } = await rig.startDaemon());
    events.on("posted", (event) => statuses.push(event.status));
  }

  afterEach(async () => {
    await rig.stop();
  });

  it("runs a job that fails three times then succeeds exactly four times, with growing delays, and deletes each message once", async () => {
    await start(3, 5);
    const deleted = deletedCount(events, 4);
    const id = await rig.send(JSON.stringify({ type: "flaky", payload: { order: 7 } }));
    const deletedIds = await deleted;
    await nextEvent(events, "idle");

    expect(runs.map((run) => run.attempt)).to.deep.equal([1, 2, 3, 4]);
    expect(statuses).to.deep.equal([200, 200, 200, 200]);
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([1, 2, 4]);
    // Four messages (the original and three copies), each deleted once; nothing left behind.
    // The copy is sent before the original's 200, so the deletes may come in either order.
    expect(deletedIds).to.include(id);
    expect(new Set(deletedIds).size).to.equal(4);
    expect(await rig.receive(rig.queueUrl)).to.deep.equal([]);
    expect(await rig.receive(rig.deadLetterQueueUrl)).to.deep.equal([]);
    const carried = rig.copies.map(
      (copy) =>
        JSON.parse(copy.attributes["worker.retry"]?.StringValue ?? "{}") as {
          attempt: number;
          originalMessageId: string;
        },
    );
    expect(carried.map((state) => state.attempt)).to.deep.equal([2, 3, 4]);
    expect(carried.every((state) => state.originalMessageId === id)).to.equal(true);
  });

  it("parks a job that fails every attempt once its last attempt fails, with the attempt history", async () => {
    await start(Number.POSITIVE_INFINITY, 3);
    const deleted = deletedCount(events, 3);
    const id = await rig.send(JSON.stringify({ type: "flaky", payload: { order: 8 } }));
    await deleted;

    expect(runs).to.deep.equal([
      { attempt: 1, isFinalAttempt: false },
      { attempt: 2, isFinalAttempt: false },
      { attempt: 3, isFinalAttempt: true },
    ]);
    const [parked, ...others] = await rig.receive(rig.deadLetterQueueUrl);
    expect(others).to.deep.equal([]);
    expect(parked?.Body).to.equal(JSON.stringify({ type: "flaky", payload: { order: 8 } }));
    const details = readParkingDetails(parked?.MessageAttributes);
    expect(details.reason).to.equal("retries-exhausted");
    expect(details.detail).to.equal(
      "Failed attempt 3 of 3, the retry policy's last: Error: the warehouse API is down (run 3)",
    );
    const history = JSON.parse(
      parked?.MessageAttributes?.["worker.retry"]?.StringValue ?? "{}",
    ) as {
      originalMessageId: string;
      history: { attempt: number; error: string; delaySeconds?: number }[];
    };
    expect(history.originalMessageId).to.equal(id);
    expect(
      history.history.map(({ attempt, error, delaySeconds }) => ({ attempt, error, delaySeconds })),
    ).to.deep.equal([
      { attempt: 1, error: "Error: the warehouse API is down (run 1)", delaySeconds: 1 },
      { attempt: 2, error: "Error: the warehouse API is down (run 2)", delaySeconds: 2 },
      { attempt: 3, error: "Error: the warehouse API is down (run 3)", delaySeconds: undefined },
    ]);
  });
});
