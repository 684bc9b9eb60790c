import { expect } from "chai";
import { createClock } from "@sinonjs/fake-timers";
import { parseCronYaml } from "../../src/cron/cron-file.js";
import { startHarness, type Harness } from "./harness.js";
import { answerStatus, deletedCount, nextEvent } from "./support.js";

const MINUTE = 60_000;

/** cron.yaml with one task due every minute, read by the real parser. */
function everyMinute(name: string): ReturnType<typeof parseCronYaml> {
  return parseCronYaml(
    `version: 1
cron:
  - name: ${name}
    url: /tasks/${name}
    schedule: "* * * * *"
`,
  );
}

describe("daemon: periodic tasks from cron.yaml", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("sends a due task through the queue, and the app gets an empty POST with Taskname and Scheduled-At", async () => {
    const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
    const clock = createClock(minuteStart + 30_000);
    harness = await startHarness({
      answer: answerStatus(200),
      daemon: { clock, periodicTasks: everyMinute("cleanup") },
    });
    let sentEarly = false;
    harness.events.once("scheduled", () => (sentEarly = true));

    clock.tick(29_000);
    expect(sentEarly).to.equal(false);

    const scheduled = nextEvent(harness.events, "scheduled");
    const deleted = deletedCount(harness.events, 1);
    clock.tick(1_000);
    const [event] = await scheduled;
    expect(event.taskName).to.equal("cleanup");
    expect(event.scheduledAt.getTime()).to.equal(minuteStart + MINUTE);
    expect(await deleted).to.deep.equal([event.messageId]);

    const request = harness.app.requests[0]!;
    const scheduledAt = new Date(minuteStart + MINUTE).toISOString().replace(/\.\d{3}Z$/, "Z");
    expect(request.path).to.equal("/tasks/cleanup");
    expect(request.body).to.equal("");
    expect(request.headers["content-length"]).to.equal("0");
    expect(request.headers["x-aws-sqsd-taskname"]).to.equal("cleanup");
    expect(request.headers["x-aws-sqsd-scheduled-at"]).to.equal(scheduledAt);
    expect(request.headers["x-aws-sqsd-path"]).to.equal("/tasks/cleanup");
    expect(request.headers["content-type"]).to.equal("application/json");
    const forwarded = Object.keys(request.headers).filter((name) =>
      name.startsWith("x-aws-sqsd-attr-"),
    );
    expect(forwarded).to.deep.equal([]);
  });

  it("sends each later minute once as the clock moves on", async () => {
    const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
    const clock = createClock(minuteStart + 59_000);
    harness = await startHarness({
      answer: answerStatus(200),
      daemon: { clock, periodicTasks: everyMinute("tick") },
    });
    const times: number[] = [];
    harness.events.on("scheduled", (event) => times.push(event.scheduledAt.getTime()));
    const deleted = deletedCount(harness.events, 3);
    clock.tick(1_000 + 2 * MINUTE);
    await deleted;
    expect(times.sort()).to.deep.equal([
      minuteStart + MINUTE,
      minuteStart + 2 * MINUTE,
      minuteStart + 3 * MINUTE,
    ]);
  });

  describe("when cron.yaml is reloaded (setPeriodicTasks)", () => {
    it("schedules a task added after the start, from the next due minute", async () => {
      const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
      const clock = createClock(minuteStart + 30_000);
      harness = await startHarness({ answer: answerStatus(200), daemon: { clock } });
      const running = harness;
      running.daemon.setPeriodicTasks(everyMinute("added"));

      const scheduled = nextEvent(running.events, "scheduled");
      const deleted = deletedCount(running.events, 1);
      clock.tick(30_000);
      const [event] = await scheduled;
      expect(event.taskName).to.equal("added");
      expect(event.scheduledAt.getTime()).to.equal(minuteStart + MINUTE);
      await deleted;
      expect(running.app.requests.map((request) => request.path)).to.deep.equal(["/tasks/added"]);
    });

    it("stops scheduling a task the new cron.yaml no longer has", async () => {
      const minuteStart = Math.floor(Date.now() / MINUTE) * MINUTE;
      const clock = createClock(minuteStart + 30_000);
      harness = await startHarness({
        answer: answerStatus(200),
        daemon: { clock, periodicTasks: everyMinute("removed") },
      });
      const running = harness;
      running.daemon.setPeriodicTasks(everyMinute("kept"));
      const names: string[] = [];
      running.events.on("scheduled", (event) => names.push(event.taskName));

      const deleted = deletedCount(running.events, 2);
      clock.tick(30_000 + MINUTE);
      await deleted;
      expect(names).to.deep.equal(["kept", "kept"]);
    });
  });
});
