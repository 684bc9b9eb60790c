/**
 * `sqs-worker make cron`: writes cron.yaml's UTC entry for every task that declares its own
 * schedule (in a time zone or UTC), from the task registry. A generator in `make`, not a doctor
 * `--fix`: doctor only reads, and `make` is where the CLI writes project files. Run it in the
 * project root after adding or changing a task's schedule; `doctor` and start-up check the result.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCronEntries } from "../../schedules/cron-entries.js";
import { formatSource } from "../../scaffold/format-source.js";
import { readIfExists } from "../../read-if-exists.js";
import { tasks } from "../../tasks/index.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";

const FLAGS: FlagTable = {
  cron: { type: "string", value: "file", description: "The file to write. Default: cron.yaml." },
};

export const makeCron = defineCommand({
  name: "cron",
  summary: "Write cron.yaml's UTC entries for the tasks that declare a schedule and time zone.",
  usage: "sqs-worker make cron [--cron <file>]",
  description:
    "For each task in src/tasks/index.ts that declares schedule (and timeZone), writes the UTC\ncron.yaml entry covering every offset the zone has in the coming ten years. Other lines stay.",
  flags: FLAGS,
  async run({ values }, context) {
    const file = path.resolve(context.cwd, stringFlag(values, "cron") ?? "cron.yaml");
    const before = await readIfExists(file);
    const { text, changes } = writeCronEntries(before, tasks, new Date(), file);
    if (changes.length === 0) {
      context.stdout.write(`${file} already has the entries the tasks declare\n`);
      return 0;
    }
    await writeFile(file, await formatSource(text, file));
    for (const change of changes) {
      const was = change.from === undefined ? "added" : `was "${change.from}"`;
      context.stdout.write(`${change.name}: "${change.to}" (${change.declared}; ${was})\n`);
    }
    return 0;
  },
});
