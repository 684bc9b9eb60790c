import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { parseCronYaml } from "../../src/cron/cron-file.js";
import { describeNextRun, nextRuns } from "../../src/schedules/next-runs.js";
import { cli } from "../cli/support.js";

const CRON = [
  "version: 1",
  "cron:",
  "  - name: daily-digest",
  "    url: /tasks/daily-digest",
  '    schedule: "0 6 * * *"',
  "  - name: morning-report",
  "    url: /tasks/morning-report",
  '    schedule: "0 7,8 * * *"',
  "",
].join("\n");
const berlin = { name: "morning-report", schedule: "0 9 * * *", timeZone: "Europe/Berlin" };

describe("each task's next run", () => {
  it("is shown in UTC and in the task's zone, from its own schedule, on the day the clocks change", () => {
    const lines = nextRuns(parseCronYaml(CRON), [berlin], new Date("2027-03-27T12:00:00Z")).map(
      describeNextRun,
    );
    expect(lines).to.deep.equal([
      'daily-digest: next run 2027-03-28T06:00:00Z; "0 6 * * *" in UTC, cron.yaml',
      'morning-report: next run 2027-03-28T07:00:00Z, 2027-03-28 09:00 Europe/Berlin (UTC+02:00); "0 9 * * *" in Europe/Berlin, cron.yaml "0 7,8 * * *"',
    ]);
  });

  it("is listed by `sqs-worker task list` for the tasks of cron.yaml", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-task-list-"));
    writeFileSync(join(cwd, "cron.yaml"), CRON);
    const run = await cli(["task", "list"], {}, { cwd });
    expect(run.code, run.stderr).to.equal(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(
      /^daily-digest: next run \d{4}-\d\d-\d\dT06:00:00Z; "0 6 \* \* \*" in UTC, cron.yaml$/,
    );
    // Not in this repository's registry with a zone: shown in UTC from its cron.yaml entry.
    expect(lines[1]).to.match(
      /^morning-report: next run \S+T0[78]:00:00Z; "0 7,8 \* \* \*" in UTC, cron.yaml$/,
    );
  });
});
