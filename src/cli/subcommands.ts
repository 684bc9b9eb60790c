/**
 * Runs one of a group's commands (`sqs-worker enqueue`, `sqs-worker dlq list`…), answers
 * `help [<command>]`, and labels every usage error on the way out with the command that was called
 * wrongly, so the message points at that command's help.
 */
import { UsageError, type CliCommand, type CliContext } from "./command.js";
import { didYouMean } from "./suggest.js";

export function commandList(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join("\n");
}

export interface CommandGroup {
  /** The words before `<command>`, e.g. "sqs-worker dlq". */
  path: string;
  commands: readonly CliCommand[];
  /** A last line for the group's help, e.g. where `--version` is. */
  note?: string;
}

function groupHelp({ path, commands, note }: CommandGroup): string {
  return `Usage: ${path} <command> [options]\n\nCommands:\n${commandList(commands)}\n\nRun \`${path} help <command>\` (or \`${path} <command> --help\`) for a command's options.\n${note ? `${note}\n` : ""}`;
}

export async function runSubcommand(
  group: CommandGroup,
  args: string[],
  context: CliContext,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    context.stderr.write(groupHelp(group));
    return 2;
  }
  if (name === "--help" || name === "-h" || (name === "help" && rest.length === 0)) {
    context.stdout.write(groupHelp(group));
    return 0;
  }
  // `help enqueue` is `enqueue --help`; `help dlq redrive` is `dlq redrive --help`.
  const [wanted = "", ...commandArgs] = name === "help" ? [...rest, "--help"] : args;
  const names = group.commands.map((candidate) => candidate.name);
  const command = group.commands.find((candidate) => candidate.name === wanted);
  try {
    if (!command) {
      throw new UsageError(
        `Expected a command (${names.join(", ")}), got "${wanted}"${didYouMean(wanted, names)}`,
      );
    }
    return await command.run(commandArgs, context);
  } catch (error) {
    if (error instanceof UsageError && error.commandPath === undefined) {
      error.commandPath = command ? `${group.path} ${command.name}` : group.path;
    }
    throw error;
  }
}
