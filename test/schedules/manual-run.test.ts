import { expect } from "chai";
import { install } from "@sinonjs/fake-timers";
import { defineTask, type TaskContext } from "../../src/tasks/define-task.js";
import { taskTimings } from "../../src/schedules/task-timing.js";
import { postTask } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const MANUAL = { "sqs-worker-manual-run": "true" };

describe("the guards of a local-time task", () => {
  let clock: ReturnType<typeof install>;
  beforeEach(() => {
    clock = install({ now: new Date("2027-06-01T10:20:30Z"), toFake: ["Date"] });
  });
  afterEach(() => {
    clock.uninstall();
  });

  function berlinTask(runs: TaskContext[]) {
    return defineTask({
      name: "morning-report",
      schedule: "0 9 * * *",
      timeZone: "Europe/Berlin",
      run(context) {
        runs.push(context);
        return Promise.resolve();
      },
    });
  }

  it("skips a delivery whose scheduled-at is not the local time, saying what it was there", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [berlinTask(runs)] });
    const res = await postTask(app, "morning-report", new Date("2027-06-01T08:00:00Z")).expect(200);
    expect(res.body).to.deep.equal({
      outcome: "ok",
      reason: "skipped-not-local-time",
      message:
        'Skipped: not the local time. Scheduled at 2027-06-01T08:00:00Z, which is 2027-06-01 10:00 Europe/Berlin (UTC+02:00); the task runs at "0 9 * * *" in Europe/Berlin',
    });
    expect(runs).to.have.length(0);
  });

  it("skips a run more than its period (a day) late as stale", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [berlinTask(runs)] });
    const res = await postTask(app, "morning-report", new Date("2027-05-31T07:00:00Z")).expect(200);
    expect(res.body.reason).to.equal("skipped-stale");
    expect(res.body.message).to.equal(
      "Skipped: stale. Scheduled at 2027-05-31T07:00:00Z, 98430 s ago, later than the 86400 s it may start late (its period, the time to its next run)",
    );
    const onTime = await postTask(app, "morning-report", new Date("2027-06-01T07:00:00Z"));
    expect(onTime.body.reason).to.equal("completed");
    expect(runs).to.have.length(1);
  });

  it("lets a manual run (sqs-worker task run) through every guard", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [berlinTask(runs)] });
    const res = await postTask(app, "morning-report", new Date("2027-05-01T10:20:17Z"), {
      attributes: MANUAL,
    }).expect(200);
    expect(res.body.reason).to.equal("completed");
    expect(runs).to.have.length(1);
  });

  it("uses maxLatenessSeconds instead of the period when the task declares it", async () => {
    const runs: TaskContext[] = [];
    const task = defineTask({
      name: "sync-orders",
      schedule: "*/5 * * * *",
      maxLatenessSeconds: 30,
      run(context) {
        runs.push(context);
        return Promise.resolve();
      },
    });
    const { app } = testWorker({ tasks: [task] });
    clock.setSystemTime(new Date("2027-06-01T10:20:31Z"));
    const late = await postTask(app, "sync-orders", new Date("2027-06-01T10:20:00Z"));
    expect(late.body.reason).to.equal("skipped-stale");
    clock.setSystemTime(new Date("2027-06-01T10:20:29Z"));
    const inTime = await postTask(app, "sync-orders", new Date("2027-06-01T10:20:00Z"));
    expect(inTime.body.reason).to.equal("completed");
  });
});

describe("a task's timing declaration", () => {
  it("is checked at start-up, every broken rule named", () => {
    expect(() =>
      taskTimings([
        { name: "a", timeZone: "Europe/Berlin" },
        { name: "b", schedule: "0 25 * * *" },
        { name: "c", schedule: "0 9 * * *", timeZone: "Mars/Olympus" },
        { name: "d", maxLatenessSeconds: 0 },
      ]),
    ).to.throw(
      [
        "Invalid periodic task timing:",
        '  - Expected the periodic task "a" to declare a schedule with its timeZone "Europe/Berlin", got none',
        '  - Expected the periodic task "b" schedule to be a cron expression, got "0 25 * * *": hour 25 is out of range; expected 0-23',
        '  - Expected the periodic task "c" timeZone to be an IANA time zone such as "Europe/Berlin", got "Mars/Olympus"',
        '  - Expected the periodic task "d" maxLatenessSeconds to be a positive number, got 0',
      ].join("\n"),
    );
  });
});
