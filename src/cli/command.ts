/**
 * What every `sqs-worker <command>` is. A command parses its own flags (util.parseArgs, strict),
 * answers `--help`, writes results to stdout and diagnostics to stderr, and returns an exit code.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "../config.js";
import { ExplainedError } from "../errors.js";

export interface CliOutput {
  write(text: string): void;
  /** True when the stream is a terminal (progress bars draw only then). */
  isTTY?: boolean;
}

export interface CliContext {
  /** The environment main was given; read only through `config()`. */
  env: Readonly<Record<string, string | undefined>>;
  stdout: CliOutput;
  stderr: CliOutput;
  /** Aborted on SIGINT/SIGTERM; long-running commands stop when it fires. */
  signal: AbortSignal;
  /**
   * How long the command may take to stop after the first signal before the process exits anyway
   * (default 10 s, src/cli/shutdown.ts). Absent where nothing sends signals (tests).
   */
  setGraceSeconds?(seconds: number): void;
  /** The working directory, for .ebextensions, cron.yaml and the local state file. */
  cwd: string;
  /** Builds the SQS client for a resolved endpoint and region (tests hand in their own). */
  createSqsClient(options: { endpoint: string | undefined; region: string }): SQSClient;
  /** The project configuration read from `env` (config.ts is the only reader of variables). */
  config(): Config;
}

export interface CliCommand {
  /** The word after `sqs-worker`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], context: CliContext): Promise<number>;
}

/**
 * A mistake in how the command was called (an unknown command or option, a missing argument, a
 * flag value out of its range, two flags that exclude each other): exit code 2, printed with a
 * pointer to the help of the command that was called wrongly.
 */
export class UsageError extends Error {
  override name = "UsageError";
  /** `sqs-worker dlq redrive`: whose `--help` to point at. Set by the dispatcher on the way out. */
  commandPath: string | undefined;
}

/** A failure of the command itself (queue missing, SQS refused…): printed alone, exit code 1. */
export class CommandError extends ExplainedError {
  override name = "CommandError";
}

/** The command stopped early on Ctrl-C (or SIGTERM) after saying what it had done: exit code 130. */
export class InterruptedError extends CommandError {
  override name = "InterruptedError";
}

/** The shell's convention for a process ended by SIGINT: 128 + 2. */
export const INTERRUPTED_EXIT_CODE = 130;
