/** `sqs-worker task <run|list>`: the periodic tasks of cron.yaml. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { taskList } from "./task-list.js";
import { taskRun } from "./task-run.js";

export const task: CliCommand = {
  name: "task",
  summary: "Run a periodic task now, or list the next runs.",
  run: (args, context) =>
    runSubcommand({ path: "sqs-worker task", commands: [taskRun, taskList] }, args, context),
};
