/**
 * Flag parsing shared by every command: util.parseArgs in strict mode, with every flag declared
 * once together with its description, so `--help` is generated from the same table.
 */
import { parseArgs } from "node:util";
import { UsageError } from "./command.js";
import { didYouMean } from "./suggest.js";

export interface FlagSpec {
  type: "string" | "boolean";
  description: string;
  short?: string;
  /** The value's placeholder in the help text, e.g. "url". */
  value?: string;
  multiple?: boolean;
}

export type FlagTable = Record<string, FlagSpec>;

export const HELP_FLAG: FlagTable = {
  help: { type: "boolean", short: "h", description: "Show this help." },
};

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export function parseFlags(
  args: string[],
  flags: FlagTable,
  allowPositionals: boolean,
): ParsedFlags {
  const options = Object.fromEntries(
    Object.entries({ ...flags, ...HELP_FLAG }).map(([name, spec]) => [
      name,
      {
        type: spec.type,
        ...(spec.short ? { short: spec.short } : {}),
        ...(spec.multiple ? { multiple: true } : {}),
      },
    ]),
  );
  try {
    const parsed = parseArgs({ args, options, strict: true, allowPositionals });
    return { values: parsed.values as ParsedFlags["values"], positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError(describeParseError(error as NodeJS.ErrnoException, Object.keys(options)));
  }
}

/** parseArgs' own messages, except an unknown option, which gets the nearest known one. */
function describeParseError(error: NodeJS.ErrnoException, known: string[]): string {
  const unknown = /^Unknown option '(-{1,2}[^']*)'/.exec(error.message)?.[1];
  if (error.code !== "ERR_PARSE_ARGS_UNKNOWN_OPTION" || unknown === undefined) return error.message;
  const suggestion = didYouMean(
    unknown,
    known.map((name) => `--${name}`),
    "",
  );
  return `Expected a known option, got ${unknown}${suggestion}`;
}

export function helpText(usage: string, description: string, flags: FlagTable): string {
  const rows = Object.entries({ ...flags, ...HELP_FLAG }).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : "    ";
    const value = spec.type === "string" ? ` <${spec.value ?? "value"}>` : "";
    return [`  ${short}--${name}${value}`, spec.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  const lines = rows.map(([left, right]) => `${left.padEnd(width)}${right}`);
  return `Usage: ${usage}\n\n${description}\n\nOptions:\n${lines.join("\n")}\n`;
}

export function stringFlag(values: ParsedFlags["values"], name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

export function listFlag(values: ParsedFlags["values"], name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
}
