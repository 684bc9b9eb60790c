/** `sqs-worker dlq <list|redrive|purge>`: the dead-letter queue's tools. */
import type { CliCommand } from "../command.js";
import { runSubcommand } from "../subcommands.js";
import { dlqList } from "./dlq-list.js";
import { dlqPurge } from "./dlq-purge.js";
import { dlqRedrive } from "./dlq-redrive.js";

const DLQ_COMMANDS = [dlqList, dlqRedrive, dlqPurge] as const;

export const dlq: CliCommand = {
  name: "dlq",
  summary: "List, redrive or purge the dead-letter queue.",
  run: (args, context) =>
    runSubcommand({ path: "sqs-worker dlq", commands: DLQ_COMMANDS }, args, context),
};
