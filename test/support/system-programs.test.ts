import { expect } from "chai";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { run } from "../deploy/support/processes.js";
import { REPO_ROOT } from "../deploy/support/project-copy.js";
import { expectRejection } from "./expect-rejection.js";
import {
  MissingPrograms,
  missingProgramsNotice,
  requireProgram,
  type Skippable,
} from "./system-programs.js";

/** Stands in for mocha's `this`: skip() throws, as mocha's does, so the caller stops there. */
class SkipRecorder implements Skippable {
  skipped = false;
  skip(): never {
    this.skipped = true;
    throw new Error("skipped");
  }
}

const NGINX_NOTICE =
  "Skipped the tests that need nginx: it is not installed. " +
  "Install it: Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx.";

describe("requireProgram (a test that needs a system program)", () => {
  let empty: string;

  before(async () => {
    empty = await mkdtemp(path.join(tmpdir(), "require-program-"));
  });

  after(async () => {
    await rm(empty, { recursive: true, force: true });
  });

  it("gives the program's path when it is installed, and skips nothing", async () => {
    await writeFile(path.join(empty, "nginx"), "#!/bin/sh\n");
    await chmod(path.join(empty, "nginx"), 0o755);
    try {
      const test = new SkipRecorder();
      const missing = new MissingPrograms();
      const found = await requireProgram(test, "nginx", {
        ci: true,
        places: { path: empty, directories: [] },
        missing,
      });
      expect(found).to.equal(path.join(empty, "nginx"));
      expect(test.skipped).to.equal(false);
      expect(missing.list()).to.deep.equal([]);
    } finally {
      await rm(path.join(empty, "nginx"));
    }
  });

  it("skips the test and notes the program, once, when it is absent outside CI", async () => {
    const missing = new MissingPrograms();
    for (const name of ["nginx", "unzip", "nginx"] as const) {
      const test = new SkipRecorder();
      await expectRejection(
        requireProgram(test, name, {
          ci: false,
          places: { path: empty, directories: [] },
          missing,
        }),
      );
      expect(test.skipped).to.equal(true);
    }
    expect(missing.list()).to.deep.equal(["nginx", "unzip"]);
  });

  it("fails naming the program, where it looked and how to install it, when it is absent under CI", async () => {
    const test = new SkipRecorder();
    const missing = new MissingPrograms();
    const error = await expectRejection(
      requireProgram(test, "nginx", {
        ci: true,
        places: { path: empty, directories: [path.join(empty, "sbin"), path.join(empty, "bin")] },
        missing,
      }),
    );
    expect(error.message).to.equal(
      "Expected nginx to be installed (CI=true makes the tests that need it mandatory), " +
        `found it neither on PATH nor in ${empty}/sbin, ${empty}/bin. ` +
        "Install it: Debian/Ubuntu: sudo apt-get install nginx; macOS: brew install nginx.",
    );
    expect(test.skipped).to.equal(false);
    expect(missing.list()).to.deep.equal([]);
  });
});

describe("missingProgramsNotice", () => {
  it("gives one line per program with its Debian/Ubuntu and macOS install commands", () => {
    expect(missingProgramsNotice(["nginx", "unzip"])).to.deep.equal([
      NGINX_NOTICE,
      "Skipped the tests that need unzip: it is not installed. " +
        "Install it: Debian/Ubuntu: sudo apt-get install unzip; macOS: preinstalled as /usr/bin/unzip.",
    ]);
  });

  it("is empty when nothing is missing", () => {
    expect(missingProgramsNotice([])).to.deep.equal([]);
  });
});

describe("a mocha run with a suite whose program is absent", function () {
  // Two mocha processes under tsx.
  this.timeout(60_000);

  /** Runs test/fixtures/programs/needs-nginx.ts in its own mocha, with the notice loaded as .mocharc.cjs loads it. */
  async function runFixture(ci: boolean) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.CI;
    if (ci) env.CI = "true";
    return run(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(REPO_ROOT, "node_modules/mocha/bin/mocha.js"),
        "--no-config",
        "--reporter",
        "spec",
        "--require",
        "test/support/program-notice.ts",
        "test/fixtures/programs/needs-nginx.ts",
      ],
      { cwd: REPO_ROOT, env: { ...env, NO_COLOR: "1" } },
    );
  }

  it("passes, with the suite pending, and ends with the notice after the summary", async () => {
    const { code, output } = await runFixture(false);
    expect(code, output).to.equal(0);
    expect(output).to.match(/1 pending/);
    const lines = output.trimEnd().split("\n");
    expect(lines.at(-1), output).to.equal(NGINX_NOTICE);
    expect(output.indexOf("1 pending")).to.be.lessThan(output.indexOf(NGINX_NOTICE));
  });

  it("fails naming nginx under CI=true, with no notice", async () => {
    const { code, output } = await runFixture(true);
    expect(code, output).to.equal(1);
    expect(output).to.match(/1 failing/);
    expect(output).to.include(
      "Expected nginx to be installed (CI=true makes the tests that need it mandatory)",
    );
    expect(output).to.not.include("Skipped the tests that need nginx");
  });
});
