/**
 * The suite survives a user's first changes: in a copy of the whole project, scaffold a job and a
 * task, apply the README's "long jobs" timeouts for a 20-minute job, and run what a user runs
 * before committing: typecheck, lint of the generated files, `doctor`, and the tests of the
 * registry, the doctor and the producer. Each step is a child process with an explicit deadline.
 */
import { expect } from "chai";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { access, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { cli } from "../cli/support.js";
import { copyProject, type ProjectCopy } from "../deploy/support/project-copy.js";

/** The README's values for a 20-minute job: each link above the one before it. */
const LONG_JOB = {
  timeoutSeconds: 1200,
  proxyReadTimeout: 1260,
  inactivity: 1290,
  visibility: 2580,
};

/**
 * Deadlines for the children, several times what they took on this 2-core machine: tsc on the
 * copy 9 s idle and 42 s with the machine loaded, eslint on six files 10 to 25 s, doctor 2 to 4 s,
 * the selected tests 10 to 14 s.
 */
const TSC_MS = 240_000;
const ESLINT_MS = 180_000;
const MOCHA_MS = 240_000;
const DOCTOR_MS = 60_000;

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command in the copy to its end, or kills it at the deadline (code null). */
async function runIn(root: string, args: readonly string[], deadlineMs: number): Promise<Finished> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  // Under c8 the children would write coverage of the copy, which nobody reads.
  delete env.NODE_V8_COVERAGE;
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    timeout: deadlineMs,
    killSignal: "SIGKILL",
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, output };
}

/** `base`, or `base-2`, `base-3`…: a name no module in src/<folder>/ has yet (the project may have `base`). */
async function freshName(root: string, folder: string, base: string): Promise<string> {
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    const taken = await access(path.join(root, "src", folder, `${name}.ts`)).then(
      () => true,
      () => false,
    );
    if (!taken) return name;
  }
}

/** Replaces the one match of `pattern` in `file`, failing when there is not exactly one. */
async function setValue(root: string, file: string, pattern: RegExp, to: string): Promise<void> {
  const full = path.join(root, file);
  const text = await readFile(full, "utf8");
  const matches = text.match(new RegExp(pattern.source, "gm")) ?? [];
  expect(matches, `expected exactly one match of ${pattern} in ${file}`).to.have.length(1);
  await writeFile(full, text.replace(new RegExp(pattern.source, "m"), to));
}

describe("the project after a user's first changes (scaffolded job and task, long-job timeouts)", function () {
  this.timeout(TSC_MS + 60_000);
  let project: ProjectCopy;
  let jobName = "";
  let taskName = "";
  const root = () => project.root;

  before(async function () {
    this.timeout(120_000);
    project = await copyProject();
    jobName = await freshName(root(), "jobs", "resize-image");
    taskName = await freshName(root(), "tasks", "nightly-report");
    const job = await cli(["make", "job", jobName], {}, { cwd: root() });
    expect(job.code, job.stderr).to.equal(0);
    const task = await cli(
      ["make", "task", taskName, "--schedule", "0 3 * * *"],
      {},
      {
        cwd: root(),
      },
    );
    expect(task.code, task.stderr).to.equal(0);

    await setValue(
      root(),
      `src/jobs/${jobName}.ts`,
      new RegExp(`^( *)name: "${jobName}",$`),
      `$1name: "${jobName}",\n$1timeoutSeconds: ${LONG_JOB.timeoutSeconds},`,
    );
    const nginx = ".platform/nginx/conf.d/worker-proxy.conf";
    await setValue(
      root(),
      nginx,
      /^proxy_read_timeout \d+s;$/,
      `proxy_read_timeout ${LONG_JOB.proxyReadTimeout}s;`,
    );
    await setValue(
      root(),
      nginx,
      /^proxy_send_timeout \d+s;$/,
      `proxy_send_timeout ${LONG_JOB.proxyReadTimeout}s;`,
    );
    const daemon = ".ebextensions/01-worker-daemon.config";
    await setValue(
      root(),
      daemon,
      /^( *)InactivityTimeout: \d+$/,
      `$1InactivityTimeout: ${LONG_JOB.inactivity}`,
    );
    await setValue(
      root(),
      daemon,
      /^( *)VisibilityTimeout: \d+$/,
      `$1VisibilityTimeout: ${LONG_JOB.visibility}`,
    );
  });
  after(async () => {
    await project.remove();
  });

  it("typechecks", async () => {
    const tsc = path.join(root(), "node_modules/typescript/bin/tsc");
    const { code, output } = await runIn(root(), [tsc, "--noEmit"], TSC_MS);
    expect({ code, output }).to.deep.equal({ code: 0, output: "" });
  });

  it("passes lint on the generated and edited files", async function () {
    this.timeout(ESLINT_MS + 10_000);
    const files = [
      `src/jobs/${jobName}.ts`,
      "src/jobs/index.ts",
      `test/jobs/${jobName}.test.ts`,
      `src/tasks/${taskName}.ts`,
      "src/tasks/index.ts",
      `test/tasks/${taskName}.test.ts`,
    ];
    const eslint = path.join(root(), "node_modules/eslint/bin/eslint.js");
    const linted = await runIn(root(), [eslint, ...files], ESLINT_MS);
    expect(linted, linted.output).to.include({ code: 0 });
    const prettier = path.join(root(), "node_modules/prettier/bin/prettier.cjs");
    const formatted = await runIn(root(), [prettier, "--check", ...files, "cron.yaml"], 60_000);
    expect(formatted, formatted.output).to.include({ code: 0 });
  });

  it("passes doctor", async () => {
    const { code, output } = await runIn(
      root(),
      ["--import", "tsx", "src/cli/main.ts", "doctor"],
      DOCTOR_MS,
    );
    expect({ code, output }).to.deep.equal({
      code: 0,
      output: `doctor: the deployment files in ${root()} agree with each other and with the app\n`,
    });
  });

  it("passes the tests of the registry, the doctor, the producer and the new modules", async () => {
    const files = [
      "test/modules/registry.test.ts",
      "test/cron/repository-cron-file.test.ts",
      "test/deploy/doctor.test.ts",
      "test/deploy/doctor-files.test.ts",
      "test/deploy/doctor-command.test.ts",
      "test/daemon/nginx.test.ts",
      "test/producer/producer.test.ts",
      "test/producer/enqueue-batch.test.ts",
      "test/producer/enqueue-client.test.ts",
      `test/jobs/${jobName}.test.ts`,
      `test/tasks/${taskName}.test.ts`,
    ];
    const mocha = path.join(root(), "node_modules/mocha/bin/mocha.js");
    const { code, output } = await runIn(root(), [mocha, "--reporter", "dot", ...files], MOCHA_MS);
    expect(code, output).to.equal(0);
    expect(output)
      .to.match(/\d+ passing/)
      .and.not.match(/failing|pending/);
  });
});
