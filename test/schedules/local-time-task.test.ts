/**
 * A 09:00 local task through the worker app, with a fake clock (Date only: HTTP runs for real)
 * set to each minute the generated cron.yaml entry fires, from before to after both 2027
 * daylight-saving changes: it runs exactly once per local day, at 09:00 there.
 */
import { install } from "@sinonjs/fake-timers";
import { expect } from "chai";
import { parseCronExpression } from "../../src/cron/cron-expression.js";
import { defineTask, type TaskContext } from "../../src/tasks/define-task.js";
import { utcCronFor } from "../../src/schedules/utc-cron.js";
import { wallClockMs } from "../../src/schedules/zone-clock.js";
import { postTask } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const DAY = 24 * 3_600_000;

for (const timeZone of ["Europe/Berlin", "America/New_York"]) {
  describe(`a task at 09:00 in ${timeZone}`, function () {
    this.timeout(60_000);
    let clock: ReturnType<typeof install>;

    beforeEach(() => {
      clock = install({ now: new Date("2027-03-01T00:00:00Z"), toFake: ["Date"] });
    });
    afterEach(() => {
      clock.uninstall();
    });

    it("runs exactly once per local day across both 2027 changes, and skips the other hour as not the local time", async () => {
      const runs: TaskContext[] = [];
      const task = defineTask({
        name: "morning-report",
        schedule: "0 9 * * *",
        timeZone,
        run(context) {
          runs.push(context);
          return Promise.resolve();
        },
      });
      const { app } = testWorker({ tasks: [task] });
      const entry = utcCronFor("0 9 * * *", timeZone, new Date());
      const fires = parseCronExpression(entry);
      const reasons = new Map<string, number>();
      const end = new Date("2027-11-30T00:00:00Z").getTime();
      for (let at = fires.nextAfter(new Date()); at.getTime() < end; at = fires.nextAfter(at)) {
        // Delivered a few seconds after the leader sent it, as sqsd would.
        clock.setSystemTime(at.getTime() + 3_000);
        const res = await postTask(app, "morning-report", at).expect(200);
        const reason = String(res.body.reason);
        reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
      const localRuns = runs.map((run) =>
        new Date(wallClockMs(run.task.scheduledAt.getTime(), timeZone)).toISOString(),
      );
      const days = (end - new Date("2027-03-01T00:00:00Z").getTime()) / DAY;
      expect(localRuns).to.have.length(days);
      expect(new Set(localRuns.map((run) => run.slice(0, 10))).size).to.equal(days);
      expect(localRuns.every((run) => run.slice(11, 16) === "09:00")).to.equal(true);
      expect(Object.fromEntries(reasons)).to.deep.equal({
        completed: days,
        "skipped-not-local-time": days,
      });
    });
  });
}
