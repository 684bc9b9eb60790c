import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { CronFileError, loadCronFile, parseCronYaml } from "../../src/cron/cron-file.js";

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
    assert.equal(entries.length, 1);
    const entry = entries[0]!;
    assert.equal(entry.name, "nightly-report");
    assert.equal(entry.url, "/tasks/nightly-report");
    assert.equal(entry.expression, "0 23 * * *");
    assert.equal(entry.line, 3);
    assert.equal(
      entry.schedule.nextAfter(new Date("2026-11-27T12:00:00Z")).toISOString(),
      "2026-11-27T23:00:00.000Z",
    );
  });

  it("accepts an empty cron list, meaning no periodic tasks", () => {
    assert.deepEqual(parseCronYaml("version: 1\ncron: []\n"), []);
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
    assert.deepEqual(
      entries.map(({ name, url, expression, line }) => ({ name, url, expression, line })),
      [
        { name: "daily-digest", url: "/tasks/daily-digest", expression: "@daily", line: 3 },
        { name: "refresh", url: "/tasks/refresh", expression: "*/15 * * * *", line: 4 },
      ],
    );
  });
});

describe("loadCronFile", () => {
  it("parses the file at the given path", async () => {
    const entries = await loadCronFile(`${FIXTURES}valid.yaml`);
    assert.deepEqual(
      entries?.map((entry) => entry.name),
      ["nightly-report", "weekly-cleanup"],
    );
  });

  it("returns undefined when the file does not exist, leaving the decision to the caller", async () => {
    assert.equal(await loadCronFile(`${FIXTURES}no-such-cron.yaml`), undefined);
  });

  it("names the path it was given in each problem", async () => {
    const path = `${FIXTURES}six-fields.yaml`;
    await assert.rejects(loadCronFile(path), (error: unknown) => {
      assert.ok(error instanceof CronFileError);
      assert.deepEqual(error.problems, [
        `${path}:6: schedule "*/30 * * * * *": expression has 6 fields; expected 5 fields (minute hour day-of-month month day-of-week). sqsd ignores a sixth field, so seconds are not supported`,
      ]);
      return true;
    });
  });

  it("passes on read errors other than a missing file", async () => {
    await assert.rejects(loadCronFile(FIXTURES), { code: "EISDIR" });
  });
});
