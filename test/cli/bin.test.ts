import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);
const REPO_ROOT = new URL("../../", import.meta.url).pathname;
const version = (
  JSON.parse(readFileSync(`${REPO_ROOT}package.json`, "utf8")) as { version: string }
).version;

/** Runs a command in the repository; resolves to its exit code and output, whatever the code. */
async function shell(
  command: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: REPO_ROOT, timeout: 90_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("the sqs-worker binary", function () {
  // A real `npm run build` (tsc on the whole of src/) and real npx processes.
  this.timeout(180_000);

  it("runs as `npx sqs-worker` after `npm run build`: --version, help enqueue, and exit 2 for a usage error", async () => {
    const build = await shell("npm", ["run", "build"]);
    expect(build.code, build.stderr).to.equal(0);
    const versionRun = await shell("npx", ["--no-install", "sqs-worker", "--version"]);
    expect(versionRun).to.deep.include({ code: 0, stdout: `${version}\n` });
    const help = await shell("npx", ["--no-install", "sqs-worker", "help", "enqueue"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.match(/^Usage: sqs-worker enqueue <job-type> <payload-json>/);
    const usage = await shell("npx", ["--no-install", "sqs-worker", "enqeue"]);
    expect(usage.code).to.equal(2);
    expect(usage.stderr).to.include('Did you mean "enqueue"?');
  });

  it("runs as `npm run cli` without a build", async () => {
    const versionRun = await shell("npm", ["run", "--silent", "cli", "--", "--version"]);
    expect(versionRun).to.deep.include({ code: 0, stdout: `${version}\n` });
  });
});
