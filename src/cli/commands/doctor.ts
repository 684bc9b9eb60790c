/**
 * `doctor [--root <dir>]`: checks the deployment files against each other and the registries
 * (src/doctor). Exit code 0 when everything agrees, 1 when a problem was found, 2 for bad usage.
 *
 * The CLI dispatcher registers `doctorCommand`; `run(args, context)` takes the arguments after
 * the command name and resolves to the exit code.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { runDoctor } from "../../doctor/doctor.js";
import { jobs } from "../../jobs/index.js";
import { tasks } from "../../tasks/index.js";

/**
 * What the command needs from the CLI: a structural subset of the dispatcher's context
 * (src/cli/command.ts CliContext), so `doctorCommand` registers as a CliCommand as it is.
 */
export interface DoctorContext {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  /** The project root when --root is not given. */
  cwd: string;
}

function processContext(): DoctorContext {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

export const DOCTOR_USAGE = `Usage: doctor [--root <dir>]

Checks that .ebextensions, .platform/nginx, cron.yaml and the job and task registries agree:
sqsd option ranges, the timeout chain, body limits, mirrored settings and periodic tasks.

Options:
  --root <dir>  the project root holding .ebextensions, .platform and cron.yaml (default: .)
  -h, --help    show this help`;

export const doctorCommand = {
  name: "doctor",
  summary: "Check the Elastic Beanstalk deployment files against each other and the app.",
  async run(args: readonly string[], context: DoctorContext = processContext()): Promise<number> {
    const out = (line: string) => {
      context.stdout.write(`${line}\n`);
    };
    const err = (line: string) => {
      context.stderr.write(`${line}\n`);
    };
    let values: { root?: string | undefined; help?: boolean | undefined };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: { root: { type: "string" }, help: { type: "boolean", short: "h" } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      err(`doctor: ${error instanceof Error ? error.message : String(error)}`);
      err(DOCTOR_USAGE);
      return 2;
    }
    if (values.help === true) {
      out(DOCTOR_USAGE);
      return 0;
    }
    const root = path.resolve(context.cwd, values.root ?? ".");
    const { problems } = await runDoctor({ root, jobs, tasks });
    if (problems.length === 0) {
      out(`doctor: the deployment files in ${root} agree with each other and with the app`);
      return 0;
    }
    err(`doctor: found ${problems.length} problem${problems.length === 1 ? "" : "s"} in ${root}:`);
    for (const problem of problems) err(`  - ${problem}`);
    return 1;
  },
};
