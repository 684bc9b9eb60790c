import { expect } from "chai";
import { parseCronExpression } from "../../src/cron/cron-expression.js";

/** True when the expression fires in the UTC minute of `iso`. */
function fires(expression: string, iso: string): boolean {
  return parseCronExpression(expression).matches(new Date(iso));
}

// Calendar used below: 2026-11-27 is a Friday, 2026-11-29 a Sunday, 2026-11-30 a Monday.

describe("CronSchedule.matches", () => {
  it("matches the whole UTC minute, from its first to its last millisecond", () => {
    expect(fires("0 23 * * *", "2026-11-27T23:00:00.000Z")).to.equal(true);
    expect(fires("0 23 * * *", "2026-11-27T23:00:59.999Z")).to.equal(true);
    expect(fires("0 23 * * *", "2026-11-27T23:01:00.000Z")).to.equal(false);
    expect(fires("0 23 * * *", "2026-11-27T22:00:00.000Z")).to.equal(false);
  });

  it("reads the date in UTC, whatever the offset it was written with", () => {
    expect(fires("0 23 * * *", "2026-11-28T00:00:00+01:00")).to.equal(true);
  });

  it("matches every value of a list", () => {
    expect(fires("0,30 * * * *", "2026-11-27T10:30:00Z")).to.equal(true);
    expect(fires("0,30 * * * *", "2026-11-27T10:15:00Z")).to.equal(false);
  });

  it("steps through the whole field with */n", () => {
    for (const minute of ["00", "15", "30", "45"]) {
      expect(fires("*/15 * * * *", `2026-11-27T10:${minute}:00Z`), minute).to.equal(true);
    }
    expect(fires("*/15 * * * *", "2026-11-27T10:20:00Z")).to.equal(false);
  });

  it("steps through a range with a-b/n, starting at a", () => {
    for (const minute of ["10", "20", "30"]) {
      expect(fires("10-30/10 * * * *", `2026-11-27T10:${minute}:00Z`), minute).to.equal(true);
    }
    for (const minute of ["00", "15", "40"]) {
      expect(fires("10-30/10 * * * *", `2026-11-27T10:${minute}:00Z`), minute).to.equal(false);
    }
  });

  it("accepts month and day names in any case, alone, in lists and in ranges", () => {
    expect(fires("0 0 1 JAN,Jul *", "2026-07-01T00:00:00Z")).to.equal(true);
    expect(fires("0 0 1 JAN,Jul *", "2026-02-01T00:00:00Z")).to.equal(false);
    expect(fires("0 9 * * MON-fri", "2026-11-27T09:00:00Z")).to.equal(true);
    expect(fires("0 9 * * MON-fri", "2026-11-29T09:00:00Z")).to.equal(false);
    expect(fires("0 0 * mar-may/2 *", "2026-05-10T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * mar-may/2 *", "2026-04-10T00:00:00Z")).to.equal(false);
  });

  it("treats day-of-week 0 and 7 both as Sunday", () => {
    expect(fires("0 0 * * 0", "2026-11-29T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * * 7", "2026-11-29T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * * 7", "2026-11-30T00:00:00Z")).to.equal(false);
  });

  it("reads 5-7 as Friday to Sunday", () => {
    expect(fires("0 0 * * 5-7", "2026-11-27T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * * 5-7", "2026-11-28T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * * 5-7", "2026-11-29T00:00:00Z")).to.equal(true);
    expect(fires("0 0 * * 5-7", "2026-11-30T00:00:00Z")).to.equal(false);
  });

  describe("with both day fields restricted (Vixie cron's rule)", () => {
    it("matches a day when either the day-of-month or the day-of-week matches", () => {
      expect(fires("0 0 13 * fri", "2026-11-20T00:00:00Z"), "a Friday, not the 13th").to.equal(
        true,
      );
      expect(fires("0 0 13 * fri", "2026-12-13T00:00:00Z"), "the 13th, a Sunday").to.equal(true);
      expect(fires("0 0 13 * fri", "2026-11-14T00:00:00Z"), "neither").to.equal(false);
    });

    it("counts a stepped wildcard such as */2 as restricted, as parse-cron does", () => {
      expect(fires("0 0 */2 * mon", "2026-11-30T00:00:00Z"), "Monday the 30th").to.equal(true);
      expect(fires("0 0 */2 * mon", "2026-11-03T00:00:00Z"), "Tuesday the 3rd").to.equal(true);
      expect(fires("0 0 */2 * mon", "2026-11-04T00:00:00Z"), "Wednesday the 4th").to.equal(false);
    });
  });

  describe("with one day field restricted", () => {
    it("matches only the day-of-month when the day-of-week is *", () => {
      expect(fires("0 0 13 * *", "2026-11-13T00:00:00Z")).to.equal(true);
      expect(fires("0 0 13 * *", "2026-11-20T00:00:00Z")).to.equal(false);
    });

    it("matches only the day-of-week when the day-of-month is *", () => {
      expect(fires("0 0 * * fri", "2026-11-20T00:00:00Z")).to.equal(true);
      expect(fires("0 0 * * fri", "2026-11-13T00:00:00Z")).to.equal(true);
      expect(fires("0 0 * * fri", "2026-11-14T00:00:00Z")).to.equal(false);
    });
  });

  describe("macros", () => {
    const cases: readonly [macro: string, matching: string, notMatching: string][] = [
      ["@hourly", "2026-11-27T13:00:00Z", "2026-11-27T13:01:00Z"],
      ["@daily", "2026-11-27T00:00:00Z", "2026-11-27T01:00:00Z"],
      ["@midnight", "2026-11-27T00:00:00Z", "2026-11-27T00:30:00Z"],
      ["@weekly", "2026-11-29T00:00:00Z", "2026-11-30T00:00:00Z"],
      ["@monthly", "2026-12-01T00:00:00Z", "2026-12-02T00:00:00Z"],
      ["@yearly", "2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z"],
      ["@annually", "2027-01-01T00:00:00Z", "2026-12-01T00:00:00Z"],
    ];
    for (const [macro, matching, notMatching] of cases) {
      it(`${macro} fires at ${matching} and not at ${notMatching}`, () => {
        expect(fires(macro, matching)).to.equal(true);
        expect(fires(macro, notMatching)).to.equal(false);
      });
    }

    it("keeps the macro as the schedule's expression", () => {
      expect(parseCronExpression("@daily").expression).to.equal("@daily");
    });
  });

  it("accepts fields separated by several spaces or tabs, with spaces around", () => {
    expect(fires(" 0  23\t* * * ", "2026-11-27T23:00:00Z")).to.equal(true);
  });

  it("rejects an invalid Date instead of answering false", () => {
    expect(() => parseCronExpression("* * * * *").matches(new Date("nope")))
      .to.throw()
      .that.includes({ name: "TypeError", message: "Expected a valid Date, got Invalid Date" });
  });
});
