/**
 * The per-job and per-task alarm blocks (src/eb/alarm-blocks.ts): the repository's
 * 41-job-alarms.config is made of them, and `make job` / `make task` append one, so a new job
 * type or task is watched from its first deployment and `npm run doctor` stays green.
 */
import { expect } from "chai";
import { readFile } from "node:fs/promises";
import path from "node:path";
import {
  JOB_ALARMS_FILE,
  jobAlarmBlock,
  logicalNameOf,
  taskAlarmBlock,
} from "../../src/eb/alarm-blocks.js";
import { longestGapSeconds, taskAlarmWindow } from "../../src/eb/alarm-window.js";
import { parseCronExpression } from "../../src/cron/cron-expression.js";
import { readEbextensions } from "../../src/eb/ebextensions.js";
import { scaffoldJob, scaffoldTask } from "../../src/scaffold/scaffold.js";
import { fixtureProject, type FixtureProject } from "../scaffold/fixture-project.js";
import { REPO_ROOT } from "./support/project-copy.js";

describe("the per-job and per-task alarm blocks", () => {
  it("name a resource after the job type in letters and digits", () => {
    expect(logicalNameOf("resize-image")).to.equal("ResizeImage");
    expect(logicalNameOf("v2-sync")).to.equal("V2Sync");
  });

  it("give a task's alarm the shortest whole-period window above its longest gap", () => {
    const gap = (expression: string) => longestGapSeconds(parseCronExpression(expression));
    expect(taskAlarmWindow(gap("*/5 * * * *"))).to.deep.equal({ period: 60, evaluationPeriods: 6 });
    expect(taskAlarmWindow(gap("0 7 * * *"))).to.deep.equal({
      period: 3600,
      evaluationPeriods: 25,
    });
    // Monthly: more than CloudWatch's 7-day window, so no alarm can watch it.
    expect(taskAlarmWindow(gap("0 3 1 * *"))).to.equal(undefined);
  });

  it("are what the repository's job alarms are made of", async () => {
    const text = await readFile(path.join(REPO_ROOT, JOB_ALARMS_FILE), "utf8");
    expect(text).to.include(jobAlarmBlock("send-email"));
    expect(text).to.include(
      taskAlarmBlock("daily-digest", "0 7 * * *", { period: 3600, evaluationPeriods: 25 }),
    );
  });

  describe("written by make", () => {
    let project: FixtureProject;
    const header = "# The project's job alarms.\nResources:\n";
    beforeEach(async () => {
      project = await fixtureProject();
      await project.write(JOB_ALARMS_FILE, `${header}${jobAlarmBlock("echo")}`);
    });
    afterEach(async () => {
      await project.remove();
    });

    it("appends a job type's alarm to the job alarms, which still parse", async () => {
      const done = await scaffoldJob({ root: project.root, name: "resize-image" });
      expect(done.updated).to.include(JOB_ALARMS_FILE);
      expect(await project.read(JOB_ALARMS_FILE)).to.equal(
        `${header}${jobAlarmBlock("echo")}\n${jobAlarmBlock("resize-image")}`,
      );
      const config = await readEbextensions(path.join(project.root, ".ebextensions"));
      expect(Object.keys(config.resources)).to.deep.equal([
        "EchoFailureRateAlarm",
        "ResizeImageFailureRateAlarm",
      ]);
    });

    it("appends a task's alarm with a window from its schedule", async () => {
      await scaffoldTask({ root: project.root, name: "nightly-report", schedule: "0 3 * * *" });
      expect(await project.read(JOB_ALARMS_FILE)).to.include(
        taskAlarmBlock("nightly-report", "0 3 * * *", { period: 3600, evaluationPeriods: 25 }),
      );
    });

    it("leaves a project without job alarms without them", async () => {
      const bare = await fixtureProject();
      try {
        const done = await scaffoldJob({ root: bare.root, name: "resize-image" });
        expect(done.updated).to.deep.equal(["src/jobs/index.ts"]);
      } finally {
        await bare.remove();
      }
    });
  });
});
