import { expect } from "chai";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { cli } from "../cli/support.js";
import { CRON_YAML, fixtureProject, JOB_REGISTRY, type FixtureProject } from "./fixture-project.js";

/** Every file under the project, to show a refusal wrote nothing. */
async function filesOf(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe("sqs-worker make", function () {
  // The generated files go through prettier, which takes a moment to load the first time.
  this.timeout(30_000);
  let project: FixtureProject;
  beforeEach(async () => {
    project = await fixtureProject();
  });
  afterEach(async () => {
    await project.remove();
  });
  const make = (...args: string[]) => cli(["make", ...args], {}, { cwd: project.root });

  describe("job <name>", () => {
    it("writes the module and its test, registers it, and lists what it did", async () => {
      const run = await make("job", "resize-image");
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(
        [
          "created src/jobs/resize-image.ts",
          "created test/jobs/resize-image.test.ts",
          "updated src/jobs/index.ts",
          "",
        ].join("\n"),
      );
      const registry = await project.read("src/jobs/index.ts");
      expect(registry).to.include(
        'import { echo } from "./echo.js";\nimport { resizeImage } from "./resize-image.js";\n',
      );
      expect(registry).to.include("export const jobs = [echo, resizeImage] as const;");
      expect(await project.read("src/jobs/resize-image.ts")).to.include('name: "resize-image"');
      expect(await project.read("test/jobs/resize-image.test.ts")).to.include(
        'postJob(app, "resize-image", payload)',
      );
    });

    for (const [what, name] of [
      ["capitals and underscores", "Resize_Image"],
      ["a leading digit", "2fa-reset"],
      ["a trailing hyphen", "resize-"],
    ] as const) {
      it(`refuses a name with ${what}, naming the rule, with exit code 2 and nothing written`, async () => {
        const before = await filesOf(project.root);
        const run = await make("job", name);
        expect(run.code).to.equal(2);
        expect(run.stderr).to.equal(
          `sqs-worker: Expected job type names to be lowercase words joined by hyphens (^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$), got "${name}"\nRun \`sqs-worker make job --help\` for usage.\n`,
        );
        expect(await filesOf(project.root)).to.deep.equal(before);
      });
    }

    it("refuses a name whose module already exists, with exit code 2 and nothing written", async () => {
      const run = await make("job", "echo");
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include(
        'sqs-worker: Expected a job type name not taken yet, got "echo" (src/jobs/echo.ts exists)',
      );
      expect(await project.read("src/jobs/index.ts")).to.equal(JOB_REGISTRY);
    });

    it("refuses no name or two names with exit code 2", async () => {
      expect((await make("job")).code).to.equal(2);
      expect((await make("job", "a", "b")).stderr).to.include(
        "Expected one job type name, got 2 argument(s)",
      );
    });

    it("fails with exit code 1, writing nothing, when the registry has no list it can extend", async () => {
      await project.write("src/jobs/index.ts", "export const jobs = makeJobs();\n");
      const before = await filesOf(project.root);
      const run = await make("job", "resize-image");
      expect(run.code).to.equal(1);
      expect(run.stderr).to.equal(
        "sqs-worker: Expected src/jobs/index.ts to export its list as `export const jobs = [...]`, got no such list; add resizeImage from ./resize-image.js to it by hand\n",
      );
      expect(await filesOf(project.root)).to.deep.equal(before);
    });
  });

  describe('task <name> --schedule "<cron>"', () => {
    it("writes the module and its test, registers it, and adds its cron.yaml entry keeping the rest", async () => {
      const run = await make("task", "nightly-report", "--schedule", "0 3 * * *");
      expect(run.code, run.stderr).to.equal(0);
      expect(run.stdout).to.equal(
        [
          "created src/tasks/nightly-report.ts",
          "created test/tasks/nightly-report.test.ts",
          "updated src/tasks/index.ts",
          "updated cron.yaml",
          "",
        ].join("\n"),
      );
      expect(await project.read("cron.yaml")).to.equal(
        `${CRON_YAML}  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: "0 3 * * *"\n`,
      );
      expect(await project.read("src/tasks/index.ts")).to.include(
        "export const tasks: readonly TaskDefinition[] = [cleanup, nightlyReport];",
      );
    });

    it("with --time-zone, declares the local schedule in the module and writes its UTC hours to cron.yaml", async () => {
      const run = await make(
        "task",
        "morning-report",
        "--schedule",
        "0 9 * * *",
        "--time-zone",
        "Europe/Berlin",
      );
      expect(run.code, run.stderr).to.equal(0);
      expect(await project.read("cron.yaml")).to.equal(
        `${CRON_YAML}  - name: morning-report\n    url: /tasks/morning-report\n    schedule: "0 7,8 * * *"\n`,
      );
      expect(await project.read("src/tasks/morning-report.ts")).to.include(
        '  name: "morning-report",\n  schedule: "0 9 * * *",\n  timeZone: "Europe/Berlin",\n',
      );
    });

    it("refuses a time zone the platform does not know, with exit code 2 and nothing written", async () => {
      const before = await filesOf(project.root);
      const run = await make(
        "task",
        "morning-report",
        "--schedule",
        "0 9 * * *",
        "--time-zone",
        "CET+1",
      );
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'sqs-worker: Expected --time-zone to be an IANA time zone such as Europe/Berlin, got "CET+1"\nRun `sqs-worker make task --help` for usage.\n',
      );
      expect(await filesOf(project.root)).to.deep.equal(before);
    });

    it("turns an empty cron: [] into a list with the task", async () => {
      await project.write("cron.yaml", "version: 1\ncron: []\n");
      const run = await make("task", "nightly-report", "--schedule", "@daily");
      expect(run.code, run.stderr).to.equal(0);
      expect(await project.read("cron.yaml")).to.equal(
        'version: 1\ncron:\n  - name: nightly-report\n    url: /tasks/nightly-report\n    schedule: "@daily"\n',
      );
    });

    it("refuses a schedule the cron parser rejects, naming the rule, with exit code 2 and nothing written", async () => {
      const before = await filesOf(project.root);
      const run = await make("task", "nightly-report", "--schedule", "*/30 * * * * *");
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        'sqs-worker: Invalid --schedule "*/30 * * * * *": expression has 6 fields; expected 5 fields (minute hour day-of-month month day-of-week). sqsd ignores a sixth field, so seconds are not supported\nRun `sqs-worker make task --help` for usage.\n',
      );
      expect(await filesOf(project.root)).to.deep.equal(before);
    });

    it("refuses a missing --schedule with exit code 2", async () => {
      const run = await make("task", "nightly-report");
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include(
        'Expected --schedule "<cron>" (for example "0 3 * * *"), got none',
      );
    });

    it("refuses a name cron.yaml already schedules, with its line, and writes nothing", async () => {
      const before = await filesOf(project.root);
      const run = await make("task", "cleanup", "--schedule", "0 3 * * *");
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include(
        'sqs-worker: Expected a task name cron.yaml does not use yet, got "cleanup" (cron.yaml:5)',
      );
      expect(await filesOf(project.root)).to.deep.equal(before);
    });

    it("fails with exit code 1 on a cron.yaml that does not parse, naming its line", async () => {
      await project.write("cron.yaml", "version: 1\ncron:\n  - name: cleanup\n");
      const run = await make("task", "nightly-report", "--schedule", "0 3 * * *");
      expect(run.code).to.equal(1);
      expect(run.stderr).to.include('cron.yaml:3: task "cleanup" is missing url and schedule');
    });
  });
});
