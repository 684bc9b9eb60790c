/**
 * `overlap: "skip"` with two app instances sharing one RunLocks. Here that is the memory
 * implementation given to both apps; in production it is the shared DynamoDB store (issue 10),
 * whose own tests of the same interface live with the store.
 */
import { Writable } from "node:stream";
import { install } from "@sinonjs/fake-timers";
import { expect } from "chai";
import { pino } from "pino";
import { MemoryRunLocks } from "../../src/schedules/run-locks.js";
import { defineTask } from "../../src/tasks/define-task.js";
import { postTask } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const MINUTE = 60_000;
const START = new Date("2027-06-01T10:00:00Z").getTime();

function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: "info" }, stream), lines };
}

/** A task taking longer than its one-minute period: each run waits until the test ends it. */
function slowTask(overlap: "skip" | "allow") {
  const state = { running: 0, mostAtOnce: 0, started: 0, finish: [] as (() => void)[] };
  const task = defineTask({
    name: "sync-orders",
    schedule: "* * * * *",
    overlap,
    timeoutSeconds: 600,
    async run() {
      state.started += 1;
      state.running += 1;
      state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
      await new Promise<void>((resolve) => state.finish.push(resolve));
      state.running -= 1;
    },
  });
  return { task, state };
}

describe('a periodic task with overlap: "skip" on two instances sharing the run locks', () => {
  let clock: ReturnType<typeof install>;
  beforeEach(() => {
    clock = install({ now: START, toFake: ["Date"] });
  });
  afterEach(() => {
    clock.uninstall();
  });

  it("never runs twice at once, and logs each skipped delivery with its reason", async () => {
    const { task, state } = slowTask("skip");
    const runLocks = new MemoryRunLocks();
    const a = capturingLogger();
    const b = capturingLogger();
    const instanceA = testWorker({ tasks: [task], runLocks, logger: a.logger });
    const instanceB = testWorker({ tasks: [task], runLocks, logger: b.logger });

    const first = postTask(instanceA.app, "sync-orders", new Date(START)).then((res) => res);
    await waitFor(() => state.started === 1);
    // The next minute, on the other instance, while the first run goes on.
    clock.setSystemTime(START + MINUTE + 2_000);
    const second = await postTask(instanceB.app, "sync-orders", new Date(START + MINUTE));
    expect(second.status).to.equal(200);
    expect(second.body.reason).to.equal("skipped-still-running");
    expect(second.body.message).to.match(/^Skipped: previous run still running/);
    const third = await postTask(instanceA.app, "sync-orders", new Date(START + MINUTE));
    expect(third.body.reason).to.equal("skipped-still-running");

    state.finish.shift()?.();
    expect((await first).body.reason).to.equal("completed");
    clock.setSystemTime(START + 2 * MINUTE + 2_000);
    const fourth = postTask(instanceB.app, "sync-orders", new Date(START + 2 * MINUTE)).then(
      (res) => res,
    );
    await waitFor(() => state.started === 2);
    state.finish.shift()?.();
    expect((await fourth).body.reason).to.equal("completed");

    expect(state.mostAtOnce).to.equal(1);
    const skippedLine = b.lines.find((line) => line.outcome === "skipped-still-running");
    expect(skippedLine).to.include({ task: "sync-orders", status: 200, level: 30 });
    expect(String(skippedLine?.msg)).to.match(/^task Skipped: previous run still running/);
  });

  it("runs beside the previous run when the task allows overlap (the default)", async () => {
    const { task, state } = slowTask("allow");
    const runLocks = new MemoryRunLocks();
    const instanceA = testWorker({ tasks: [task], runLocks });
    const instanceB = testWorker({ tasks: [task], runLocks });
    const first = postTask(instanceA.app, "sync-orders", new Date(START)).then((res) => res);
    await waitFor(() => state.started === 1);
    clock.setSystemTime(START + MINUTE + 2_000);
    const second = postTask(instanceB.app, "sync-orders", new Date(START + MINUTE)).then(
      (res) => res,
    );
    await waitFor(() => state.started === 2);
    expect(state.mostAtOnce).to.equal(2);
    state.finish.splice(0).forEach((finish) => {
      finish();
    });
    expect((await first).body.reason).to.equal("completed");
    expect((await second).body.reason).to.equal("completed");
  });

  it("frees the lock of a holder that never gave it back once the lease (timeout + 30 s) runs out", async () => {
    const runLocks = new MemoryRunLocks();
    expect(await runLocks.tryAcquire("task:sync-orders", 630_000)).to.equal(true);
    clock.setSystemTime(START + 629_000);
    expect(await runLocks.tryAcquire("task:sync-orders", 630_000)).to.equal(false);
    clock.setSystemTime(START + 631_000);
    expect(await runLocks.tryAcquire("task:sync-orders", 630_000)).to.equal(true);
  });
});

/** Waits for the app to reach a state (the handler started), polling the event loop, bounded. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let turn = 0; turn < 1000 && !condition(); turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).to.equal(true);
}
