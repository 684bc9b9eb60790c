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

  describe("with a task that declares its schedule in a time zone", () => {
    const now = new Date("2026-11-27T12:00:00Z");
    const berlin = { name: "nightly-report", schedule: "0 9 * * *", timeZone: "Europe/Berlin" };
    const withSchedule = (schedule: string) =>
      parseCronYaml(
        `version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: "${schedule}"\n`,
      );

    it("accepts the generated UTC entry covering both offsets", () => {
      expect(
        checkCronAgainstTasks(withSchedule("0 7,8 * * *"), [berlin], "cron.yaml", now),
      ).to.deep.equal([]);
    });

    it("reports an entry written for one offset only, showing the expected entry and how to write it", () => {
      expect(
        checkCronAgainstTasks(withSchedule("0 8 * * *"), [berlin], "cron.yaml", now),
      ).to.deep.equal([
        'cron.yaml:3: task "nightly-report" has schedule "0 8 * * *"; expected "0 7,8 * * *", the UTC times of "0 9 * * *" in Europe/Berlin (npm run cli -- make cron writes it)',
      ]);
    });

    it("reports a missing entry with the schedule to write", () => {
      expect(checkCronAgainstTasks([], [berlin], "cron.yaml", now)).to.deep.equal([
        'cron.yaml: task "nightly-report" has a handler but no entry; expected an entry with name: nightly-report, url: /tasks/nightly-report and schedule: "0 7,8 * * *" (npm run cli -- make cron writes it)',
      ]);
    });

    it("holds a task declaring a UTC schedule to that same expression", () => {
      const utc = { name: "nightly-report", schedule: "0 23 * * *" };
      expect(
        checkCronAgainstTasks(withSchedule("0 23 * * *"), [utc], "cron.yaml", now),
      ).to.deep.equal([]);
      expect(
        checkCronAgainstTasks(withSchedule("0 22 * * *"), [utc], "cron.yaml", now),
      ).to.have.length(1);
    });
  });
});
