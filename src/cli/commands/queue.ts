/** `sqs-worker queue <stats>`: the worker queue's tools. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { queueStats } from "./queue-stats.js";

export const queue: CliCommand = {
  name: "queue",
  summary: "Show the depth of the worker queue and the dead-letter queue.",
  run: (args, context) =>
    runSubcommand({ path: "sqs-worker queue", commands: [queueStats] }, args, context),
};
