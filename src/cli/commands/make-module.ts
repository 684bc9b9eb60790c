/**
 * `sqs-worker make job <name>` and `sqs-worker make task <name> --schedule "<cron>"`: run in the
 * project root. A name or schedule that breaks a rule is a usage error (exit 2); a project the
 * scaffolder cannot edit safely is a failure (exit 1); either way nothing is written.
 */
import {
  scaffoldJob,
  scaffoldTask,
  ScaffoldError,
  type Scaffolded,
} from "../../scaffold/scaffold.js";
import { UsageError, type CliContext } from "../command.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";

const TASK_FLAGS: FlagTable = {
  schedule: {
    type: "string",
    value: "cron",
    description:
      'When it runs: a cron expression such as "0 3 * * *", in UTC unless --time-zone. Required.',
  },
  "time-zone": {
    type: "string",
    value: "zone",
    description:
      "Read --schedule in this IANA time zone (e.g. Europe/Berlin): declared in the module, cron.yaml gets its UTC hours.",
  },
};

function oneName(positionals: string[], what: string): string {
  const [name] = positionals;
  if (positionals.length !== 1 || name === undefined) {
    throw new UsageError(`Expected one ${what} name, got ${positionals.length} argument(s)`);
  }
  return name;
}

/** A refused request is the caller's mistake: exit 2, like every usage error. */
async function reportingRefusals(
  scaffold: () => Promise<Scaffolded>,
  context: CliContext,
): Promise<number> {
  try {
    const { created, updated } = await scaffold();
    for (const file of created) context.stdout.write(`created ${file}\n`);
    for (const file of updated) context.stdout.write(`updated ${file}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError && error.kind === "refused") {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

export const makeJob = defineCommand({
  name: "job",
  summary: "Write a job type, its test, and register it.",
  usage: "sqs-worker make job <name>",
  description:
    "Writes src/jobs/<name>.ts (a payload schema and a handler to fill in), adds it to\nsrc/jobs/index.ts, and writes test/jobs/<name>.test.ts. Run it in the project root.",
  flags: {},
  positionals: true,
  async run({ positionals }, context) {
    const name = oneName(positionals, "job type");
    return reportingRefusals(() => scaffoldJob({ root: context.cwd, name }), context);
  },
});

export const makeTask = defineCommand({
  name: "task",
  summary: "Write a periodic task, its test and its cron.yaml entry, and register it.",
  usage: 'sqs-worker make task <name> --schedule "<cron>" [--time-zone <zone>]',
  description:
    "Writes src/tasks/<name>.ts (a task to fill in), adds it to src/tasks/index.ts and to\ncron.yaml (url /tasks/<name>), and writes test/tasks/<name>.test.ts. Run it in the project root.",
  flags: TASK_FLAGS,
  positionals: true,
  async run({ values, positionals }, context) {
    const name = oneName(positionals, "task");
    const schedule = stringFlag(values, "schedule");
    if (schedule === undefined) {
      throw new UsageError('Expected --schedule "<cron>" (for example "0 3 * * *"), got none');
    }
    const timeZone = stringFlag(values, "time-zone");
    return reportingRefusals(
      () => scaffoldTask({ root: context.cwd, name, schedule, timeZone }),
      context,
    );
  },
});
