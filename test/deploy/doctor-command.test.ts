import assert from "node:assert/strict";
import { doctorCommand, type CommandOutput } from "../../src/cli/commands/doctor.js";
import { copyDeploymentFiles, REPO_ROOT } from "./support/project-copy.js";

function capture(): CommandOutput & { outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return {
    outLines,
    errLines,
    out: (line) => outLines.push(line),
    err: (line) => errLines.push(line),
  };
}

describe("the doctor command", () => {
  it("exits 1 and lists each problem of a broken copy", async () => {
    const project = await copyDeploymentFiles();
    try {
      await project.replace(
        ".ebextensions/01-worker-daemon.config",
        "ConnectTimeout: 5",
        "ConnectTimeout: 0",
      );
      const line = await project.lineOf(".ebextensions/01-worker-daemon.config", "ConnectTimeout:");
      const output = capture();
      assert.equal(await doctorCommand.run(["--root", project.root], output), 1);
      assert.deepEqual(output.errLines.slice(-1), [
        `  - .ebextensions/01-worker-daemon.config:${line}: aws:elasticbeanstalk:sqsd ConnectTimeout: expected a whole number from 1 to 60, got 0`,
      ]);
      assert.match(output.errLines[0] ?? "", /^doctor: found \d+ problems? in /);
    } finally {
      await project.remove();
    }
  });

  it("exits 2 with the usage on an unknown flag", async () => {
    const output = capture();
    assert.equal(await doctorCommand.run(["--fix"], output), 2);
    assert.match(output.errLines[0] ?? "", /^doctor: Unknown option '--fix'/);
    assert.match(output.errLines[1] ?? "", /^Usage: doctor \[--root <dir>\]/);
  });

  it("prints the usage for --help and exits 0", async () => {
    const output = capture();
    assert.equal(await doctorCommand.run(["--help"], output), 0);
    assert.match(output.outLines[0] ?? "", /^Usage: doctor/);
  });

  it("reads the repository itself by --root", async () => {
    const output = capture();
    const code = await doctorCommand.run(["--root", REPO_ROOT], output);
    assert.deepEqual({ code, errors: output.errLines }, { code: 0, errors: [] });
  });
});
