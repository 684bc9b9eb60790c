/**
 * `sqs-worker <command> [options]`: picks the command, runs it, and turns every failure into a
 * message on stderr and an exit code: 0 success, 1 the command failed, 2 it was called wrongly
 * (UsageError), 130 it was interrupted by Ctrl-C after saying what it had done.
 */
import { ExplainedError } from "../errors.js";
import { InterruptedError, INTERRUPTED_EXIT_CODE, UsageError, type CliContext } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { runSubcommand } from "./subcommands.js";
import { packageVersion } from "./version.js";

export async function runCli(args: string[], context: CliContext): Promise<number> {
  if (args[0] === "--version") {
    context.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  try {
    return await runSubcommand(
      {
        path: "sqs-worker",
        commands: COMMANDS,
        note: "Run `sqs-worker --version` for the version.",
      },
      args,
      context,
    );
  } catch (error) {
    if (error instanceof UsageError) {
      context.stderr.write(
        `sqs-worker: ${error.message}\nRun \`${error.commandPath ?? "sqs-worker"} --help\` for usage.\n`,
      );
      return 2;
    }
    if (error instanceof ExplainedError) {
      context.stderr.write(`sqs-worker: ${error.message}\n`);
      return error instanceof InterruptedError ? INTERRUPTED_EXIT_CODE : 1;
    }
    if ((error as NodeJS.ErrnoException | undefined)?.code === "ECONNREFUSED") {
      const { message } = error as Error;
      context.stderr.write(
        `sqs-worker: Expected SQS to answer, got the connection refused (${message}); check --endpoint, or start \`npm run local\`\n`,
      );
      return 1;
    }
    const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    context.stderr.write(`sqs-worker: ${described}\n`);
    return 1;
  }
}
