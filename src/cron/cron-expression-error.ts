/**
 * A cron expression that sqsd would reject, misread or never run. The message has the form
 * `<what was wrong>; expected <what was allowed>`, and names the field when one is at fault.
 */
export class CronExpressionError extends Error {
  override name = "CronExpressionError";
  constructor(problem: string, expected: string) {
    super(`${problem}; expected ${expected}`);
  }
}
