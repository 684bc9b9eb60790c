/** `doctor` on a copy of the fixture deployment, with a task that declares 09:00 in Berlin. */
import { expect } from "chai";
import { CRON, doctorOnCopies, JOBS, QUICK_TASKS } from "../deploy/support/doctor-on-copy.js";

const BERLIN_TASKS = QUICK_TASKS.map((task) => ({
  ...task,
  schedule: "0 9 * * *",
  timeZone: "Europe/Berlin",
}));

describe("doctor with a task scheduled in a time zone", () => {
  const { project: copy, problems } = doctorOnCopies();

  it("reports a cron.yaml entry that covers one offset only, with the entry make cron writes", async () => {
    const line = await copy().lineOf(CRON, "- name: fixture-task");
    expect(await problems(JOBS, BERLIN_TASKS)).to.deep.equal([
      `cron.yaml:${line}: task "fixture-task" has schedule "0 7 * * *"; expected "0 7,8 * * *", the UTC times of "0 9 * * *" in Europe/Berlin (npm run cli -- make cron writes it)`,
    ]);
  });

  it("finds nothing wrong once the entry covers both offsets", async () => {
    await copy().replace(CRON, '"0 7 * * *"', '"0 7,8 * * *"');
    expect(await problems(JOBS, BERLIN_TASKS)).to.deep.equal([]);
  });
});
