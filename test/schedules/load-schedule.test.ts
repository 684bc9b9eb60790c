/** The start-up check: a worker whose cron.yaml does not carry a local-time task's UTC entry does not start. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { loadSchedule } from "../../src/cron/load-schedule.js";
import { expectRejection } from "../support/expect-rejection.js";

const task = { name: "morning-report", schedule: "0 9 * * *", timeZone: "America/New_York" };

function cronFile(schedule: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "sqs-worker-schedule-")), "cron.yaml");
  writeFileSync(
    file,
    `version: 1\ncron:\n  - name: morning-report\n    url: /tasks/morning-report\n    schedule: "${schedule}"\n`,
  );
  return file;
}

describe("loadSchedule with a task scheduled in a time zone", () => {
  it("loads a cron.yaml whose entry covers both New York offsets", async () => {
    const entries = await loadSchedule(cronFile("0 13,14 * * *"), [task]);
    expect(entries.map((entry) => entry.expression)).to.deep.equal(["0 13,14 * * *"]);
  });

  it("refuses one written for winter only, naming the line and the expected entry", async () => {
    const file = cronFile("0 14 * * *");
    const error = await expectRejection(loadSchedule(file, [task]));
    expect(error.message).to.equal(
      `${file} has 1 problem:\n  ${file}:3: task "morning-report" has schedule "0 14 * * *"; expected "0 13,14 * * *", the UTC times of "0 9 * * *" in America/New_York (npm run cli -- make cron writes it)`,
    );
  });
});
