/**
 * Local-time schedules across both 2027 daylight-saving changes in Europe/Berlin (Mar 28, Oct 31)
 * and America/New_York (Mar 14, Nov 7): the UTC cron.yaml expression, and the DST rule
 * (RFC 5545: a skipped time runs with the offset from before the gap; a repeated time runs once,
 * at its first occurrence).
 */
import { expect } from "chai";
import { parseCronExpression } from "../../src/cron/cron-expression.js";
import { LocalSchedule } from "../../src/schedules/local-schedule.js";
import { utcCronFor } from "../../src/schedules/utc-cron.js";

const MINUTE = 60_000;
const NOW = new Date("2026-11-27T12:00:00Z");

function local(expression: string, zone: string): LocalSchedule {
  return new LocalSchedule(parseCronExpression(expression), zone);
}

/** The runs from `from` to `to`, by repeated nextAfter. */
function runsBetween(schedule: LocalSchedule, from: string, to: string): string[] {
  const runs: string[] = [];
  const end = new Date(to).getTime();
  for (
    let at = schedule.nextAfter(new Date(from));
    at.getTime() < end;
    at = schedule.nextAfter(at)
  ) {
    runs.push(at.toISOString().slice(0, 16));
  }
  return runs;
}

describe("local-time schedules", () => {
  describe("the UTC expression written to cron.yaml", () => {
    it("covers both offsets of Europe/Berlin for a 09:00 task: 07:00 and 08:00 UTC", () => {
      expect(utcCronFor("0 9 * * *", "Europe/Berlin", NOW)).to.equal("0 7,8 * * *");
    });

    it("covers both offsets of America/New_York for a 09:00 task: 13:00 and 14:00 UTC", () => {
      expect(utcCronFor("0 9 * * *", "America/New_York", NOW)).to.equal("0 13,14 * * *");
    });

    it("moves the days of a task that runs just after local midnight to the day before in UTC", () => {
      expect(utcCronFor("30 0 * * 1-5", "Europe/Berlin", NOW)).to.equal("30 22,23 * * 0-4");
      expect(utcCronFor("30 0 1 * *", "Europe/Berlin", NOW)).to.equal("30 22,23 28-31 * *");
    });

    it("keeps a zone without daylight saving to one offset, and UTC unchanged", () => {
      expect(utcCronFor("0 9 * * 1-5", "Asia/Kolkata", NOW)).to.equal("30 3 * * 1-5");
      expect(utcCronFor("*/15 * * * *", "UTC", NOW)).to.equal("0,15,30,45 * * * *");
    });

    for (const [expression, zone] of [
      ["0 9 * * *", "Europe/Berlin"],
      ["30 2 * * *", "Europe/Berlin"],
      ["30 1 * * *", "America/New_York"],
      ["30 0 1 * *", "America/New_York"],
      ["45 23 * * 0", "Europe/Berlin"],
      ["0 */2 * * *", "Australia/Lord_Howe"],
    ] as const) {
      it(`fires at every 2027 run of "${expression}" in ${zone}`, () => {
        const utc = parseCronExpression(utcCronFor(expression, zone, NOW));
        const schedule = local(expression, zone);
        const runs = runsBetween(schedule, "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z");
        expect(runs.length).to.be.greaterThan(11);
        const missed = runs.filter((run) => !utc.matches(new Date(`${run}Z`)));
        expect(missed).to.deep.equal([]);
      });
    }
  });

  describe("spring forward (a local time that does not exist)", () => {
    it("runs 02:30 in Berlin on 2027-03-28 at 01:30 UTC, which is 03:30 CEST", () => {
      const schedule = local("30 2 * * *", "Europe/Berlin");
      expect(runsBetween(schedule, "2027-03-27T00:00:00Z", "2027-03-30T00:00:00Z")).to.deep.equal([
        "2027-03-27T01:30", // 02:30 CET
        "2027-03-28T01:30", // 02:30 does not exist: read with CET, it is 03:30 CEST
        "2027-03-29T00:30", // 02:30 CEST
      ]);
    });

    it("runs 02:30 in New York on 2027-03-14 at 07:30 UTC, which is 03:30 EDT", () => {
      const schedule = local("30 2 * * *", "America/New_York");
      expect(runsBetween(schedule, "2027-03-13T00:00:00Z", "2027-03-16T00:00:00Z")).to.deep.equal([
        "2027-03-13T07:30",
        "2027-03-14T07:30",
        "2027-03-15T06:30",
      ]);
    });

    it("runs the skipped quarter hours of an every-15-minutes task once each, after the gap", () => {
      const schedule = local("*/15 * * * *", "Europe/Berlin");
      expect(runsBetween(schedule, "2027-03-28T00:40:00Z", "2027-03-28T01:20:00Z")).to.deep.equal([
        "2027-03-28T00:45", // 01:45 CET
        "2027-03-28T01:00", // 03:00 CEST (02:00 CET would be the same instant)
        "2027-03-28T01:15",
      ]);
    });
  });

  describe("fall back (a local time that happens twice)", () => {
    it("runs the repeated 02:30 in Berlin on 2027-10-31 once, at the first (00:30 UTC, CEST)", () => {
      const schedule = local("30 2 * * *", "Europe/Berlin");
      expect(schedule.isRunAt(new Date("2027-10-31T00:30:00Z"))).to.equal(true);
      expect(schedule.isRunAt(new Date("2027-10-31T01:30:00Z"))).to.equal(false);
      expect(runsBetween(schedule, "2027-10-30T00:00:00Z", "2027-11-02T00:00:00Z")).to.deep.equal([
        "2027-10-30T00:30",
        "2027-10-31T00:30",
        "2027-11-01T01:30",
      ]);
    });

    it("runs the repeated 01:30 in New York on 2027-11-07 once, at the first (05:30 UTC, EDT)", () => {
      const schedule = local("30 1 * * *", "America/New_York");
      expect(schedule.isRunAt(new Date("2027-11-07T05:30:00Z"))).to.equal(true);
      expect(schedule.isRunAt(new Date("2027-11-07T06:30:00Z"))).to.equal(false);
      expect(runsBetween(schedule, "2027-11-06T00:00:00Z", "2027-11-09T00:00:00Z")).to.deep.equal([
        "2027-11-06T05:30",
        "2027-11-07T05:30",
        "2027-11-08T06:30",
      ]);
    });
  });

  describe("nextAfter and isRunAt", () => {
    for (const [expression, zone, day] of [
      ["*/10 * * * *", "Europe/Berlin", "2027-03-28"],
      ["*/10 * * * *", "Europe/Berlin", "2027-10-31"],
      ["5,35 1-3 * * *", "America/New_York", "2027-03-14"],
      ["5,35 1-3 * * *", "America/New_York", "2027-11-07"],
    ] as const) {
      it(`agree minute by minute on ${day} for "${expression}" in ${zone}`, () => {
        const schedule = local(expression, zone);
        const start = new Date(`${day}T00:00:00Z`).getTime() - 12 * 60 * MINUTE;
        const scanned: string[] = [];
        for (let at = start + MINUTE; at < start + 36 * 60 * MINUTE; at += MINUTE) {
          if (schedule.isRunAt(new Date(at))) scanned.push(new Date(at).toISOString().slice(0, 16));
        }
        const end = new Date(start + 36 * 60 * MINUTE).toISOString();
        expect(runsBetween(schedule, new Date(start).toISOString(), end)).to.deep.equal(scanned);
      });
    }

    it("is never a run at a time that is not a whole minute (a manual run's scheduled-at)", () => {
      expect(
        local("* * * * *", "Europe/Berlin").isRunAt(new Date("2027-05-01T09:00:30Z")),
      ).to.equal(false);
    });
  });
});
