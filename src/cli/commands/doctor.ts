/**
 * `doctor [--root <dir>]`: checks the deployment files against each other and the registries
 * (src/doctor). Exit code 0 when everything agrees, 1 when a problem was found, 2 for bad usage.
 *
 * The CLI dispatcher registers `doctorCommand`; `run` takes the arguments after the command name.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { runDoctor } from "../../doctor/doctor.js";
import { jobs } from "../../jobs/index.js";
import { tasks } from "../../tasks/index.js";

/** Where the command writes; tests pass their own. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: CommandOutput = {
  out: (line) => {
    console.log(line);
  },
  err: (line) => {
    console.error(line);
  },
};

export const DOCTOR_USAGE = `Usage: doctor [--root <dir>]

Checks that .ebextensions, .platform/nginx, cron.yaml and the job and task registries agree:
sqsd option ranges, the timeout chain, body limits, mirrored settings and periodic tasks.

Options:
  --root <dir>  the project root holding .ebextensions, .platform and cron.yaml (default: .)
  -h, --help    show this help`;

export const doctorCommand = {
  name: "doctor",
  summary: "check the Elastic Beanstalk deployment files against each other and the app",
  async run(argv: readonly string[], output: CommandOutput = consoleOutput): Promise<number> {
    let values: { root?: string | undefined; help?: boolean | undefined };
    try {
      ({ values } = parseArgs({
        args: [...argv],
        options: { root: { type: "string" }, help: { type: "boolean", short: "h" } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      output.err(`doctor: ${error instanceof Error ? error.message : String(error)}`);
      output.err(DOCTOR_USAGE);
      return 2;
    }
    if (values.help === true) {
      output.out(DOCTOR_USAGE);
      return 0;
    }
    const root = path.resolve(values.root ?? ".");
    const { problems } = await runDoctor({ root, jobs, tasks });
    if (problems.length === 0) {
      output.out(`doctor: the deployment files in ${root} agree with each other and with the app`);
      return 0;
    }
    output.err(
      `doctor: found ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${root}:`,
    );
    for (const problem of problems) output.err(`  - ${problem}`);
    return 1;
  },
};
