/** `sqs-worker make <job|task|cron>`: scaffolders for the modules users add, and cron.yaml. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { makeCron } from "./make-cron.js";
import { makeJob, makeTask } from "./make-module.js";

export const make: CliCommand = {
  name: "make",
  summary: "Write a new job type or periodic task, its test, and register it; or cron.yaml.",
  run: (args, context) =>
    runSubcommand(
      { path: "sqs-worker make", commands: [makeJob, makeTask, makeCron] },
      args,
      context,
    ),
};
