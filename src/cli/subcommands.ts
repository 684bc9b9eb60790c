/** Runs one of a group's subcommands (`dlq list`, `dlq redrive`…), or prints the group's help. */
import { UsageError, type CliCommand, type CliContext } from "./command.js";

export function commandList(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join("\n");
}

export async function runSubcommand(
  usage: string,
  commands: readonly CliCommand[],
  args: string[],
  context: CliContext,
): Promise<number> {
  const [name, ...rest] = args;
  const help = `Usage: ${usage}\n\nCommands:\n${commandList(commands)}\n\nRun \`${usage.split(" <")[0] ?? usage} <command> --help\` for a command's options.\n`;
  if (name === undefined) {
    context.stderr.write(help);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    context.stdout.write(help);
    return 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    throw new UsageError(
      `Expected a command (${commands.map((c) => c.name).join(", ")}), got "${name}"`,
    );
  }
  return command.run(rest, context);
}
