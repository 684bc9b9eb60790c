/**
 * `sqs-worker doctor [--root <dir>]` (also `npm run doctor`): checks the deployment files against
 * each other and the registries (src/doctor). Exit code 0 when everything agrees, 1 when a problem
 * was found, 2 for bad usage (a UsageError, reported by the dispatcher like every command's).
 */
import path from "node:path";
import { runDoctor } from "../../doctor/doctor.js";
import { jobs } from "../../jobs/index.js";
import { tasks } from "../../tasks/index.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";

/** What the command needs from the CLI: a structural subset of CliContext (src/cli/command.ts). */
export interface DoctorContext {
  stdout: { write(text: string): void };
  stderr: { write(text: string): void };
  /** The project root when --root is not given. */
  cwd: string;
}

const FLAGS: FlagTable = {
  root: {
    type: "string",
    value: "dir",
    description: "The project root holding .ebextensions, .platform and cron.yaml. Default: .",
  },
};

export const doctorCommand = defineCommand<DoctorContext>({
  name: "doctor",
  summary: "Check the Elastic Beanstalk deployment files against each other and the app.",
  usage: "sqs-worker doctor [--root <dir>]",
  description:
    "Checks that .ebextensions, .platform/nginx, cron.yaml and the job and task registries agree:\nsqsd option ranges, the timeout chain, body limits, mirrored settings and periodic tasks.",
  flags: FLAGS,
  async run({ values }, context) {
    const root = path.resolve(context.cwd, stringFlag(values, "root") ?? ".");
    const { problems } = await runDoctor({ root, jobs, tasks });
    if (problems.length === 0) {
      context.stdout.write(
        `doctor: the deployment files in ${root} agree with each other and with the app\n`,
      );
      return 0;
    }
    const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
    context.stderr.write(
      `doctor: found ${count} in ${root}:\n${problems.map((p) => `  - ${p}\n`).join("")}`,
    );
    return 1;
  },
});
