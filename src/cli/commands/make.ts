/** `sqs-worker make <job|task>`: scaffolders for the modules users add. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { makeJob, makeTask } from "./make-module.js";

export const make: CliCommand = {
  name: "make",
  summary: "Write a new job type or periodic task, its test, and register it.",
  run: (args, context) =>
    runSubcommand({ path: "sqs-worker make", commands: [makeJob, makeTask] }, args, context),
};
