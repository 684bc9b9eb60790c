import { expect } from "chai";
import { doctorCommand, type DoctorContext } from "../../src/cli/commands/doctor.js";
import { cli } from "../cli/support.js";
import { copyDeploymentFiles, REPO_ROOT } from "./support/project-copy.js";

/** A context that keeps what the command writes, line by line. */
function capture(
  cwd = REPO_ROOT,
): DoctorContext & { outLines: () => string[]; errLines: () => string[] } {
  let out = "";
  let err = "";
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  return {
    cwd,
    stdout: { write: (text) => void (out += text) },
    stderr: { write: (text) => void (err += text) },
    outLines: () => lines(out),
    errLines: () => lines(err),
  };
}

describe("the doctor command", () => {
  it("exits 1 and lists each problem of a broken copy", async () => {
    const project = await copyDeploymentFiles(REPO_ROOT);
    try {
      await project.replace(
        ".ebextensions/01-worker-daemon.config",
        "ConnectTimeout: 5",
        "ConnectTimeout: 0",
      );
      const line = await project.lineOf(".ebextensions/01-worker-daemon.config", "ConnectTimeout:");
      const output = capture();
      expect(await doctorCommand.run(["--root", project.root], output)).to.equal(1);
      expect(output.errLines().slice(-1)).to.deep.equal([
        `  - .ebextensions/01-worker-daemon.config:${line}: aws:elasticbeanstalk:sqsd ConnectTimeout: expected a whole number from 1 to 60, got 0`,
      ]);
      expect(output.errLines()[0] ?? "").to.match(/^doctor: found \d+ problems? in /);
    } finally {
      await project.remove();
    }
  });

  it("exits 2 naming the unknown flag and pointing at its help", async () => {
    const run = await cli(["doctor", "--fix"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      "sqs-worker: Expected a known option, got --fix\nRun `sqs-worker doctor --help` for usage.\n",
    );
  });

  it("prints the usage for --help and exits 0", async () => {
    const output = capture();
    expect(await doctorCommand.run(["--help"], output)).to.equal(0);
    expect(output.outLines()[0] ?? "").to.match(/^Usage: sqs-worker doctor/);
  });

  it("reads the working directory when no --root is given", async () => {
    const output = capture(REPO_ROOT);
    const code = await doctorCommand.run([], output);
    expect({ code, errors: output.errLines() }).to.deep.equal({ code: 0, errors: [] });
  });
});
