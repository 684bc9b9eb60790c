import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { writeCronEntries } from "../../src/schedules/cron-entries.js";
import { cli } from "../cli/support.js";

const NOW = new Date("2026-11-27T12:00:00Z");
const berlin = { name: "morning-report", schedule: "0 9 * * *", timeZone: "Europe/Berlin" };
const newYork = { name: "open-bell", schedule: "30 9 * * 1-5", timeZone: "America/New_York" };

const CRON = [
  "# Periodic tasks",
  "version: 1",
  "cron:",
  "  - name: daily-digest # UTC, from cron.yaml alone",
  "    url: /tasks/daily-digest",
  '    schedule: "0 6 * * *"',
  "  - name: morning-report",
  "    url: /tasks/morning-report",
  '    schedule: "0 8 * * *" # one offset only',
  "",
].join("\n");

describe("make cron: writeCronEntries", () => {
  it("replaces a local-time task's schedule with the UTC hours of every offset, leaving other lines as they were", () => {
    const { text, changes } = writeCronEntries(CRON, [{ name: "daily-digest" }, berlin], NOW);
    expect(text).to.equal(CRON.replace('"0 8 * * *"', '"0 7,8 * * *"'));
    expect(changes).to.deep.equal([
      {
        name: "morning-report",
        from: "0 8 * * *",
        to: "0 7,8 * * *",
        declared: "0 9 * * * in Europe/Berlin",
      },
    ]);
  });

  it("adds the entry of a task cron.yaml does not have yet", () => {
    const { text, changes } = writeCronEntries(CRON, [berlin, newYork], NOW);
    expect(text).to.include(
      '  - name: open-bell\n    url: /tasks/open-bell\n    schedule: "30 13,14 * * 1-5"\n',
    );
    expect(changes.map((change) => [change.name, change.from, change.to])).to.deep.equal([
      ["morning-report", "0 8 * * *", "0 7,8 * * *"],
      ["open-bell", undefined, "30 13,14 * * 1-5"],
    ]);
  });

  it("writes a new cron.yaml when there is none", () => {
    const { text } = writeCronEntries(undefined, [berlin], NOW);
    expect(text).to.include(
      'version: 1\ncron:\n  - name: morning-report\n    url: /tasks/morning-report\n    schedule: "0 7,8 * * *"\n',
    );
  });

  it("changes nothing when every entry already matches", () => {
    const current = CRON.replace('"0 8 * * *"', '"0 7,8 * * *"');
    expect(writeCronEntries(current, [berlin], NOW)).to.deep.equal({ text: current, changes: [] });
  });

  it("refuses a time zone the platform does not know, naming the rule", () => {
    expect(() => writeCronEntries(CRON, [{ ...berlin, timeZone: "Berlin" }], NOW)).to.throw(
      'Invalid periodic task timing:\n  - Expected the periodic task "morning-report" timeZone to be an IANA time zone such as "Europe/Berlin", got "Berlin"',
    );
  });

  it("leaves cron.yaml alone through `sqs-worker make cron` when no registered task declares a schedule", async () => {
    // This repository's registry (daily-digest) is scheduled by cron.yaml alone.
    const file = join(mkdtempSync(join(tmpdir(), "sqs-worker-make-cron-")), "cron.yaml");
    writeFileSync(file, CRON);
    const run = await cli(["make", "cron", "--cron", file]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(`${file} already has the entries the tasks declare\n`);
    expect(readFileSync(file, "utf8")).to.equal(CRON);
  });
});
