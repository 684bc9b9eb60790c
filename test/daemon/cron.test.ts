import assert from "node:assert/strict";
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
    assert.equal(sentEarly, false);

    const scheduled = nextEvent(harness.events, "scheduled");
    const deleted = deletedCount(harness.events, 1);
    clock.tick(1_000);
    const [event] = await scheduled;
    assert.equal(event.taskName, "cleanup");
    assert.equal(event.scheduledAt.getTime(), minuteStart + MINUTE);
    assert.deepEqual(await deleted, [event.messageId]);

    const request = harness.app.requests[0]!;
    const scheduledAt = new Date(minuteStart + MINUTE).toISOString().replace(/\.\d{3}Z$/, "Z");
    assert.equal(request.path, "/tasks/cleanup");
    assert.equal(request.body, "");
    assert.equal(request.headers["content-length"], "0");
    assert.equal(request.headers["x-aws-sqsd-taskname"], "cleanup");
    assert.equal(request.headers["x-aws-sqsd-scheduled-at"], scheduledAt);
    assert.equal(request.headers["x-aws-sqsd-path"], "/tasks/cleanup");
    assert.equal(request.headers["content-type"], "application/json");
    const forwarded = Object.keys(request.headers).filter((name) =>
      name.startsWith("x-aws-sqsd-attr-"),
    );
    assert.deepEqual(forwarded, []);
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
    assert.deepEqual(times.sort(), [
      minuteStart + MINUTE,
      minuteStart + 2 * MINUTE,
      minuteStart + 3 * MINUTE,
    ]);
  });
});
