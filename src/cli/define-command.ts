/**
 * The one place that decides how a command reads its arguments: strict flag parsing against its
 * flag table (src/cli/flags.ts), `--help` answered on stdout with exit code 0 before anything
 * else is checked, and only then the command's own work, handed the parsed flags.
 */
import type { CliContext, CliOutput } from "./command.js";
import { helpText, parseFlags, type FlagTable, type ParsedFlags } from "./flags.js";

/** The least a command's context must offer: somewhere to write its help. */
interface HelpContext {
  stdout: CliOutput;
}

export interface CommandDefinition<Context extends HelpContext> {
  /** The word after the group's path (`sqs-worker`, `sqs-worker dlq`…). */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The help's first line after `Usage: `, e.g. "sqs-worker dlq list [options]". */
  usage: string;
  /** The help's paragraph under the usage line. */
  description: string;
  /** Every flag but --help, which every command has. */
  flags: FlagTable;
  /** Whether bare arguments are allowed (`enqueue <job-type> <payload-json>`). Default: false. */
  positionals?: boolean;
  /** The command's work, once the flags parsed and no --help was asked for. */
  run(parsed: ParsedFlags, context: Context): Promise<number>;
}

/** A CliCommand (src/cli/command.ts) whose context may be a structural subset of CliContext. */
export interface DefinedCommand<Context extends HelpContext> {
  name: string;
  summary: string;
  run(args: string[], context: Context): Promise<number>;
}

export function defineCommand<Context extends HelpContext = CliContext>(
  definition: CommandDefinition<Context>,
): DefinedCommand<Context> {
  const help = helpText(definition.usage, definition.description, definition.flags);
  return {
    name: definition.name,
    summary: definition.summary,
    async run(args, context) {
      const parsed = parseFlags(args, definition.flags, definition.positionals ?? false);
      if (parsed.values.help) {
        context.stdout.write(help);
        return 0;
      }
      return definition.run(parsed, context);
    },
  };
}
