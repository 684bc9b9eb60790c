import { expect } from "chai";
import { createRequire } from "node:module";
import path from "node:path";
import { run } from "./deploy/support/processes.js";
import { REPO_ROOT } from "./deploy/support/project-copy.js";

const require = createRequire(import.meta.url);
const CONFIG = path.join(REPO_ROOT, ".mocharc.cjs");

/** .mocharc.cjs as mocha would load it for a command line ending in `args`. */
function configFor(args: string[]): { spec?: string[] } {
  const saved = process.argv;
  process.argv = [process.execPath, "mocha", ...args];
  try {
    Reflect.deleteProperty(require.cache, CONFIG); // load it afresh for this argv
    return require(CONFIG) as { spec?: string[] };
  } finally {
    process.argv = saved;
    Reflect.deleteProperty(require.cache, CONFIG); // load it afresh for this argv
  }
}

describe("the mocha configuration (.mocharc.cjs)", () => {
  it("runs every test file when the command line names none (npm test)", () => {
    expect(configFor([]).spec).to.deep.equal(["test/**/*.test.ts"]);
    expect(configFor(["--grep", "test/cli", "--timeout", "5000"]).spec).to.deep.equal([
      "test/**/*.test.ts",
    ]);
  });

  it("adds nothing to the files the command line names (npm test -- <file>)", () => {
    expect(configFor(["test/mocha-config.test.ts"]).spec).to.equal(undefined);
    expect(configFor(["--spec", "test/cron"]).spec).to.equal(undefined);
    expect(configFor(["test/cron/**/*.test.ts"]).spec).to.equal(undefined);
  });

  it("makes `mocha <file>` run that file alone", async function () {
    this.timeout(60_000);
    const mocha = path.join(REPO_ROOT, "node_modules/mocha/bin/mocha.js");
    const file = "test/protocol/envelope.test.ts";
    const { code, output } = await run(process.execPath, [mocha, "--dry-run", file], {
      cwd: REPO_ROOT,
      env: { ...process.env, NO_COLOR: "1" },
      timeout: 50_000,
    });
    expect(code, output).to.equal(0);
    expect(output, output).to.match(/^ {2}encodeJob$/m);
    expect(output, output).to.not.match(/createProducer|cron\.yaml/);
  });
});
