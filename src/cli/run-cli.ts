/**
 * `sqs-worker <command> [options]`: picks the command, runs it, and turns every failure into a
 * message on stderr and an exit code (0 success, 1 the command failed, 2 it was called wrongly).
 */
import { ExplainedError } from "../errors.js";
import { UsageError, type CliContext } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { runSubcommand } from "./subcommands.js";

export async function runCli(args: string[], context: CliContext): Promise<number> {
  try {
    return await runSubcommand("sqs-worker <command> [options]", COMMANDS, args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      const command = args[0] && !args[0].startsWith("-") ? ` ${args[0]}` : "";
      context.stderr.write(
        `sqs-worker: ${error.message}\nRun \`sqs-worker${command} --help\` for usage.\n`,
      );
      return 2;
    }
    if (error instanceof ExplainedError) {
      context.stderr.write(`sqs-worker: ${error.message}\n`);
      return 1;
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
