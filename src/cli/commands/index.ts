/**
 * The `sqs-worker` commands, in the order `--help` lists them. A new command is one file in this
 * folder exporting a CliCommand, added here.
 */
import type { CliCommand } from "../command.js";
import { daemon } from "./daemon.js";
import { dlq } from "./dlq.js";
import { doctorCommand } from "./doctor.js";
import { enqueue } from "./enqueue.js";
import { make } from "./make.js";
import { queue } from "./queue.js";
import { task } from "./task.js";
import { upload } from "./upload.js";

export const COMMANDS: readonly CliCommand[] = [
  enqueue,
  dlq,
  daemon,
  doctorCommand,
  queue,
  task,
  upload,
  make,
];
