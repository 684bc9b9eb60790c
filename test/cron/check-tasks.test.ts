import { expect } from "chai";
import { checkCronAgainstTasks } from "../../src/cron/check-tasks.js";
import { parseCronYaml } from "../../src/cron/cron-file.js";

const entries = parseCronYaml(
  [
    "version: 1",
    "cron:",
    "  - name: nightly-report",
    "    url: /tasks/nightly-report",
    '    schedule: "0 23 * * *"',
    "  - name: weekly-cleanup",
    "    url: /cleanup",
    '    schedule: "@weekly"',
    "",
  ].join("\n"),
);
const [nightlyReport, weeklyCleanup] = entries;

describe("checkCronAgainstTasks", () => {
  it("finds nothing wrong when every entry has a handler, every handler an entry, and urls agree", () => {
    expect(checkCronAgainstTasks([nightlyReport!], ["nightly-report"])).to.deep.equal([]);
  });

  it("finds nothing wrong with no entries and no handlers", () => {
    expect(checkCronAgainstTasks([], [])).to.deep.equal([]);
  });

  it("reports a scheduled task with no handler, naming its line", () => {
    expect(checkCronAgainstTasks([nightlyReport!], [])).to.deep.equal([
      'cron.yaml:3: task "nightly-report" has no handler; expected a module in src/tasks/ registered in src/tasks/index.ts',
    ]);
  });

  it("reports a handler that cron.yaml never schedules, showing the entry to add", () => {
    expect(checkCronAgainstTasks([], ["daily-digest"])).to.deep.equal([
      'cron.yaml: task "daily-digest" has a handler but no entry; expected an entry with name: daily-digest, url: /tasks/daily-digest and a schedule',
    ]);
  });

  it("reports a url other than the task's route, showing the expected url", () => {
    expect(checkCronAgainstTasks([weeklyCleanup!], ["weekly-cleanup"])).to.deep.equal([
      'cron.yaml:6: task "weekly-cleanup" has url "/cleanup"; expected "/tasks/weekly-cleanup"',
    ]);
  });

  it("reports every problem at once, naming the file it was given", () => {
    expect(checkCronAgainstTasks(entries, ["daily-digest"], "app/cron.yaml")).to.deep.equal([
      'app/cron.yaml:3: task "nightly-report" has no handler; expected a module in src/tasks/ registered in src/tasks/index.ts',
      'app/cron.yaml:6: task "weekly-cleanup" has no handler; expected a module in src/tasks/ registered in src/tasks/index.ts',
      'app/cron.yaml:6: task "weekly-cleanup" has url "/cleanup"; expected "/tasks/weekly-cleanup"',
      'app/cron.yaml: task "daily-digest" has a handler but no entry; expected an entry with name: daily-digest, url: /tasks/daily-digest and a schedule',
    ]);
  });
});
