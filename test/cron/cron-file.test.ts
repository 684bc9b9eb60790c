import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { CronFileError, loadCronFile, parseCronYaml } from "../../src/cron/cron-file.js";
import { expectRejection } from "../support/expect-rejection.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/cron/", import.meta.url));

describe("parseCronYaml", () => {
  it("reads each task's name, url, schedule and starting line", () => {
    const entries = parseCronYaml(
      [
        "version: 1",
        "cron:",
        "  - name: nightly-report",
        "    url: /tasks/nightly-report",
        '    schedule: "0 23 * * *"',
        "",
      ].join("\n"),
    );
    expect(entries.length).to.equal(1);
    const entry = entries[0]!;
    expect(entry.name).to.equal("nightly-report");
    expect(entry.url).to.equal("/tasks/nightly-report");
    expect(entry.expression).to.equal("0 23 * * *");
    expect(entry.line).to.equal(3);
    expect(entry.schedule.nextAfter(new Date("2026-11-27T12:00:00Z")).toISOString()).to.equal(
      "2026-11-27T23:00:00.000Z",
    );
  });

  it("accepts an empty cron list, meaning no periodic tasks", () => {
    expect(parseCronYaml("version: 1\ncron: []\n")).to.deep.equal([]);
  });

  it("accepts keys in any order, flow-style tasks, comments and macros", () => {
    const entries = parseCronYaml(
      [
        "# Periodic tasks, in UTC.",
        "cron:",
        '  - { schedule: "@daily", url: /tasks/daily-digest, name: daily-digest }',
        "  - schedule: '*/15 * * * *' # every quarter hour",
        "    name: refresh",
        "    url: /tasks/refresh",
        "version: 1",
        "",
      ].join("\n"),
    );
    expect(
      entries.map(({ name, url, expression, line }) => ({ name, url, expression, line })),
    ).to.deep.equal([
      { name: "daily-digest", url: "/tasks/daily-digest", expression: "@daily", line: 3 },
      { name: "refresh", url: "/tasks/refresh", expression: "*/15 * * * *", line: 4 },
    ]);
  });
});

describe("loadCronFile", () => {
  it("parses the file at the given path", async () => {
    const entries = await loadCronFile(`${FIXTURES}valid.yaml`);
    expect(entries?.map((entry) => entry.name)).to.deep.equal(["nightly-report", "weekly-cleanup"]);
  });

  it("returns undefined when the file does not exist, leaving the decision to the caller", async () => {
    expect(await loadCronFile(`${FIXTURES}no-such-cron.yaml`)).to.equal(undefined);
  });

  it("names the path it was given in each problem", async () => {
    const path = `${FIXTURES}six-fields.yaml`;
    const error = await expectRejection(loadCronFile(path));
    expect(error)
      .to.be.instanceOf(CronFileError)
      .with.property("problems")
      .that.deep.equals([
        `${path}:6: schedule "*/30 * * * * *": expression has 6 fields; expected 5 fields (minute hour day-of-month month day-of-week). sqsd ignores a sixth field, so seconds are not supported`,
      ]);
  });

  it("passes on read errors other than a missing file", async () => {
    expect(await expectRejection(loadCronFile(FIXTURES))).to.have.property("code", "EISDIR");
  });
});
