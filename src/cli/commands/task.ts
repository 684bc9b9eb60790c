/** `sqs-worker task <run>`: the periodic tasks of cron.yaml. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { taskRun } from "./task-run.js";

export const task: CliCommand = {
  name: "task",
  summary: "Run a periodic task of cron.yaml now.",
  run: (args, context) =>
    runSubcommand({ path: "sqs-worker task", commands: [taskRun] }, args, context),
};
