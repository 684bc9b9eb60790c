import { expect } from "chai";
import { fileURLToPath } from "node:url";
import { checkCronAgainstTasks } from "../../src/cron/check-tasks.js";
import { loadCronFile } from "../../src/cron/cron-file.js";
import { tasks } from "../../src/tasks/index.js";

const REPOSITORY_CRON_FILE = fileURLToPath(new URL("../../cron.yaml", import.meta.url));

describe("the repository's cron.yaml", () => {
  it("parses and agrees with the task registry, or is absent while no task handler exists", async () => {
    const entries = await loadCronFile(REPOSITORY_CRON_FILE);
    const taskNames = tasks.map((task) => task.name);
    if (entries === undefined) {
      expect(taskNames, "task handlers exist, so cron.yaml must schedule them").to.deep.equal([]);
      return;
    }
    expect(checkCronAgainstTasks(entries, taskNames, "cron.yaml")).to.deep.equal([]);
  });
});
