import { expect } from "chai";
import { CronExpressionError, parseCronExpression } from "../../src/cron/cron-expression.js";

const FIELDS = "5 fields (minute hour day-of-month month day-of-week)";
const MACROS = "@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly";
const ITEM_FORMS =
  "*, a value, a range a-b, a step */n or a-b/n, or a list of these joined by commas";

/** One expression per test, each with the exact message it must produce. */
const SYNTAX_ERRORS: readonly { expression: string; message: string }[] = [
  { expression: "", message: `expression is empty; expected ${FIELDS} or one of ${MACROS}` },
  { expression: "   ", message: `expression is empty; expected ${FIELDS} or one of ${MACROS}` },
  { expression: "* * * *", message: `expression has 4 fields; expected ${FIELDS}` },
  {
    expression: "*/30 * * * * *",
    message: `expression has 6 fields; expected ${FIELDS}. sqsd ignores a sixth field, so seconds are not supported`,
  },
  { expression: "0 0 1 1 * 2026 x", message: `expression has 7 fields; expected ${FIELDS}` },
  {
    expression: "@reboot",
    message: `@reboot is not supported (sqsd has no notion of start-up); expected one of ${MACROS}`,
  },
  {
    expression: "@fortnightly",
    message: `unknown macro "@fortnightly"; expected one of ${MACROS}`,
  },
  { expression: "@Daily", message: `unknown macro "@Daily"; expected one of ${MACROS}` },
  { expression: "@daily *", message: `unknown macro "@daily *"; expected one of ${MACROS}` },
  { expression: "61 * * * *", message: "minute 61 is out of range; expected 0-59" },
  { expression: "0 24 * * *", message: "hour 24 is out of range; expected 0-23" },
  { expression: "0 0 0 * *", message: "day-of-month 0 is out of range; expected 1-31" },
  { expression: "0 0 32 * *", message: "day-of-month 32 is out of range; expected 1-31" },
  { expression: "0 0 1 13 *", message: "month 13 is out of range; expected 1-12 or jan-dec" },
  {
    expression: "0 0 * * 8",
    message: "day-of-week 8 is out of range; expected 0-7 (0 and 7 are Sunday) or sun-sat",
  },
  { expression: "mon * * * *", message: 'minute "mon" is not a valid value; expected 0-59' },
  {
    expression: "0 0 * january *",
    message: 'month "january" is not a valid value; expected 1-12 or jan-dec',
  },
  {
    expression: "0 0 * * monday",
    message:
      'day-of-week "monday" is not a valid value; expected 0-7 (0 and 7 are Sunday) or sun-sat',
  },
  { expression: "0 0 L * *", message: 'day-of-month "L" is not a valid value; expected 1-31' },
  {
    expression: "5/15 * * * *",
    message:
      'minute "5/15" steps from a single value; expected a step over a range, such as */15 or 5-59/15',
  },
  { expression: "*/0 * * * *", message: 'minute step "0" is not valid; expected 1-59' },
  { expression: "*/60 * * * *", message: 'minute step "60" is not valid; expected 1-59' },
  { expression: "*/ * * * *", message: 'minute step "" is not valid; expected 1-59' },
  { expression: "*/x * * * *", message: 'minute step "x" is not valid; expected 1-59' },
  { expression: "0 */24 * * *", message: 'hour step "24" is not valid; expected 1-23' },
  { expression: "0 0 1-31/31 * *", message: 'day-of-month step "31" is not valid; expected 1-30' },
  {
    expression: "30-10 * * * *",
    message: "minute range 30-10 runs backwards; expected the lower value first",
  },
  {
    expression: "0 0 * * fri-sun",
    message:
      "day-of-week range fri-sun runs backwards; expected the lower value first, with Sunday as 7 at the end of a range (5-7)",
  },
  { expression: "1,,2 * * * *", message: `minute has an empty item; expected ${ITEM_FORMS}` },
  { expression: "0 1-x * * *", message: 'hour "x" is not a valid value; expected 0-23' },
  { expression: "-5 * * * *", message: `minute "-5" is not valid; expected ${ITEM_FORMS}` },
  { expression: "1-2-3 * * * *", message: `minute "1-2-3" is not valid; expected ${ITEM_FORMS}` },
  { expression: "? * * * *", message: `minute "?" is not valid; expected ${ITEM_FORMS}` },
  {
    expression: "0 0 30 2 *",
    message:
      "expression never matches: none of its months has any of its days-of-month; expected a day-of-month that exists in one of the months (February has at most 29 days)",
  },
  {
    expression: "0 0 31 apr,jun,sep,nov *",
    message:
      "expression never matches: none of its months has any of its days-of-month; expected a day-of-month that exists in one of the months (February has at most 29 days)",
  },
];

describe("parseCronExpression", () => {
  describe("gives the exact error for a syntax error", () => {
    for (const { expression, message } of SYNTAX_ERRORS) {
      it(`rejects ${JSON.stringify(expression)}`, () => {
        expect(() => parseCronExpression(expression))
          .to.throw()
          .that.includes({ name: CronExpressionError.name, message });
      });
    }
  });

  describe("accepts expressions that only look impossible", () => {
    it("accepts February 29th, which comes every leap year", () => {
      expect(parseCronExpression("0 0 29 2 *").expression).to.equal("0 0 29 2 *");
    });

    it("accepts day 31 in a list of months when one of them has 31 days", () => {
      expect(parseCronExpression("0 0 31 feb,mar *").expression).to.equal("0 0 31 feb,mar *");
    });

    it("accepts February 30th with a day-of-week, since then either day field may match", () => {
      expect(parseCronExpression("0 0 30 2 mon").expression).to.equal("0 0 30 2 mon");
    });
  });
});
