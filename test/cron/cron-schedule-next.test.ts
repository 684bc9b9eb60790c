import { expect } from "chai";
import { parseCronExpression } from "../../src/cron/cron-expression.js";

function nextAfter(expression: string, iso: string): string {
  return parseCronExpression(expression).nextAfter(new Date(iso)).toISOString();
}

/** The slow, obviously right answer: try every minute. */
function bruteForceNextAfter(expression: string, iso: string, maxMinutes: number): string {
  const schedule = parseCronExpression(expression);
  const start = Math.floor(new Date(iso).getTime() / 60_000) * 60_000;
  for (let minute = 1; minute <= maxMinutes; minute++) {
    const candidate = new Date(start + minute * 60_000);
    if (schedule.matches(candidate)) return candidate.toISOString();
  }
  throw new Error(`no match within ${maxMinutes} minutes`);
}

// Calendar used below: 2026-11-27 is a Friday; 2026-11-13 is a Friday the 13th.

describe("CronSchedule.nextAfter", () => {
  it("returns a time strictly after the given one, even when that one matches", () => {
    expect(nextAfter("0 23 * * *", "2026-11-27T23:00:00.000Z")).to.equal(
      "2026-11-28T23:00:00.000Z",
    );
  });

  it("returns the next whole minute when called partway through the minute before", () => {
    expect(nextAfter("0 23 * * *", "2026-11-27T22:59:30.500Z")).to.equal(
      "2026-11-27T23:00:00.000Z",
    );
  });

  it("skips to the next matching minute within the hour", () => {
    expect(nextAfter("*/15 * * * *", "2026-11-27T10:16:00Z")).to.equal("2026-11-27T10:30:00.000Z");
  });

  it("crosses a month boundary", () => {
    expect(nextAfter("0 0 1 * *", "2026-11-27T12:00:00Z")).to.equal("2026-12-01T00:00:00.000Z");
  });

  it("crosses a year boundary", () => {
    expect(nextAfter("30 6 * * *", "2026-12-31T07:00:00Z")).to.equal("2027-01-01T06:30:00.000Z");
  });

  it("skips months too short for the day-of-month", () => {
    expect(nextAfter("0 0 31 * *", "2027-01-31T00:00:00Z")).to.equal("2027-03-31T00:00:00.000Z");
  });

  it("finds February 29th in the next leap year", () => {
    expect(nextAfter("0 0 29 2 *", "2026-03-01T00:00:00Z")).to.equal("2028-02-29T00:00:00.000Z");
  });

  it("skips 2100, which is not a leap year, eight years from 2096 to 2104", () => {
    expect(nextAfter("0 0 29 2 *", "2096-03-01T00:00:00Z")).to.equal("2104-02-29T00:00:00.000Z");
  });

  it("jumps from Friday evening to Monday morning for a weekday schedule", () => {
    expect(nextAfter("*/15 9-17 * * mon-fri", "2026-11-27T17:45:00Z")).to.equal(
      "2026-11-30T09:00:00.000Z",
    );
  });

  it("applies Vixie's either-day rule: after Friday the 13th comes the next Friday", () => {
    expect(nextAfter("0 0 13 * fri", "2026-11-13T00:00:00Z")).to.equal("2026-11-20T00:00:00.000Z");
  });

  it("applies Vixie's either-day rule: the 13th comes when it is before the next Friday", () => {
    expect(nextAfter("0 0 13 * fri", "2026-12-12T00:00:00Z")).to.equal("2026-12-13T00:00:00.000Z");
  });

  it("runs the yearly macro on the next first of January", () => {
    expect(nextAfter("@yearly", "2026-01-01T00:00:00Z")).to.equal("2027-01-01T00:00:00.000Z");
  });

  it("agrees with a minute-by-minute search for assorted expressions", () => {
    const expressions = [
      "*/7 */5 * * *",
      "59 23 * * *",
      "0 12 * * sun",
      "15 3,15 1-3 * *",
      "0 0 */10 * fri",
      "0 22 * * 1-5",
    ];
    const from = "2026-12-28T21:17:42Z"; // spans a year end, a weekend and a month start
    for (const expression of expressions) {
      expect(nextAfter(expression, from), expression).to.equal(
        bruteForceNextAfter(expression, from, 8 * 24 * 60),
      );
    }
  });

  it("returns matching times in order when called repeatedly", () => {
    const schedule = parseCronExpression("0 */6 * * *");
    let time = new Date("2026-11-27T00:00:00Z");
    const times: string[] = [];
    for (let i = 0; i < 5; i++) {
      time = schedule.nextAfter(time);
      times.push(time.toISOString().slice(0, 16));
    }
    expect(times).to.deep.equal([
      "2026-11-27T06:00",
      "2026-11-27T12:00",
      "2026-11-27T18:00",
      "2026-11-28T00:00",
      "2026-11-28T06:00",
    ]);
  });

  it("rejects an invalid Date", () => {
    expect(() => parseCronExpression("* * * * *").nextAfter(new Date(Number.NaN)))
      .to.throw()
      .that.includes({ name: "TypeError", message: "Expected a valid Date, got Invalid Date" });
  });
});
