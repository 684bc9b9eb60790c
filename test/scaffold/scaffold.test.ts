import { expect } from "chai";
import { identifierFor } from "../../src/scaffold/names.js";
import { scaffoldJob, ScaffoldError } from "../../src/scaffold/scaffold.js";
import { expectRejection } from "../support/expect-rejection.js";
import { fixtureProject } from "./fixture-project.js";

describe("scaffolding", () => {
  describe("the exported identifier", () => {
    it("is the name in camelCase", () => {
      expect(identifierFor("resize-image", "Job", "")).to.equal("resizeImage");
      expect(identifierFor("send-2fa-code", "Job", "")).to.equal("send2faCode");
    });

    it("gets a suffix when the name is a reserved word or already used in the registry", () => {
      expect(identifierFor("delete", "Job", "")).to.equal("deleteJob");
      expect(identifierFor("tasks", "Task", "")).to.equal("tasksTask");
      expect(identifierFor("report", "Task", 'import { report } from "./reports.js";')).to.equal(
        "reportTask",
      );
    });
  });

  it("refuses a job type a module declares under another file name, and writes nothing", async function () {
    this.timeout(30_000);
    const project = await fixtureProject();
    try {
      await project.write("src/jobs/shouting.ts", 'export const shout = { name: "shout" };\n');
      const error = await expectRejection(scaffoldJob({ root: project.root, name: "shout" }));
      expect(error).to.be.instanceOf(ScaffoldError).and.include({ kind: "refused" });
      expect(error.message).to.equal(
        'Expected a job type name not taken yet, got "shout" (src/jobs/shouting.ts declares it)',
      );
      expect(await project.read("src/jobs/index.ts")).to.not.include("shout");
    } finally {
      await project.remove();
    }
  });
});
