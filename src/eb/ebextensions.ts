/**
 * Reads `.ebextensions/*.config` the way Beanstalk does (docs/protocol.md §4.3): every file in
 * alphabetical order, YAML or JSON, `option_settings` in either the list form
 * (`- {namespace, option_name, value}`) or the shorthand form (`namespace: {Option: value}`), a
 * later file overriding an earlier one. Every value keeps the file and line it came from, so
 * error messages can point at it.
 *
 * Values are returned as written (numbers stay numbers, `Ref` mappings stay mappings); checking
 * them is the job of `sqsd-options.ts` and the doctor.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Pair,
} from "yaml";
import {
  SQSD_NAMESPACE,
  sqsdOptionSpec,
  type SqsdOptionName,
  type SqsdSettingsInput,
} from "./sqsd-options.js";
import { ProblemsError } from "../errors.js";

/** The namespace of the environment properties the app reads as environment variables. */
export const ENVIRONMENT_NAMESPACE = "aws:elasticbeanstalk:application:environment";

/** A value and where it was written. `line` is 1-based. */
export interface Located<T = unknown> {
  value: T;
  file: string;
  line: number;
}

export interface Ebextensions {
  /** The `.config` files read, in the order Beanstalk applies them. */
  files: string[];
  /** `aws:elasticbeanstalk:sqsd` settings by AWS option name. */
  sqsd: Partial<Record<SqsdOptionName, Located>>;
  /** `aws:elasticbeanstalk:application:environment`: variable name → value. */
  environment: Record<string, Located>;
  /** Every other namespace: namespace → option name → value. */
  options: Record<string, Record<string, Located>>;
  /** `Resources`: logical name → the resource definition (Type, Properties…). */
  resources: Record<string, Located<Record<string, unknown>>>;
}

export class EbextensionsError extends ProblemsError {
  override name = "EbextensionsError";
  constructor(problems: string[]) {
    super(".ebextensions", problems);
  }
}

/** `file:line`, for messages. */
export function where(located: Pick<Located, "file" | "line">): string {
  return `${located.file}:${located.line}`;
}

/** The sqsd settings without their locations, ready for `resolveSqsdOptions(sqsdInputFromSettings(…))`. */
export function sqsdSettings(config: Ebextensions): SqsdSettingsInput {
  const settings: SqsdSettingsInput = {};
  for (const [name, located] of Object.entries(config.sqsd))
    settings[name as SqsdOptionName] = located.value;
  return settings;
}

/**
 * Reads every `*.config` in `dir`, alphabetically. A missing directory reads as no settings.
 * Throws one EbextensionsError listing every structural problem (bad YAML, an unknown sqsd
 * option, a malformed option_settings entry) across all files.
 */
export async function readEbextensions(dir = ".ebextensions"): Promise<Ebextensions> {
  const config = emptyEbextensions();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith(".config")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return config;
    throw error;
  }
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    problems.push(...parseEbextensionsFile(await readFile(file, "utf8"), file, config));
  }
  if (problems.length > 0) throw new EbextensionsError(problems);
  return config;
}

export function emptyEbextensions(): Ebextensions {
  return { files: [], sqsd: {}, environment: {}, options: {}, resources: {} };
}

/** Merges one file's settings into `config` (later wins) and returns its problems. */
export function parseEbextensionsFile(text: string, file: string, config: Ebextensions): string[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: unknown): number => {
    const range = isNode(node)
      ? node.range
      : isPair(node) && isNode(node.key)
        ? node.key.range
        : undefined;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  const problems: string[] = [];
  const problem = (line: number, message: string) => problems.push(`${file}:${line}: ${message}`);
  config.files.push(file);

  if (document.errors.length > 0) {
    for (const error of document.errors)
      problem(lineCounter.linePos(error.pos[0]).line, error.message.split("\n")[0] ?? "");
    return problems;
  }
  const root = document.contents;
  if (root === null) return problems;
  if (!isMap(root)) {
    problem(
      lineOf(root),
      "expected a mapping with option_settings and/or Resources at the top level",
    );
    return problems;
  }

  const set = (namespace: string, option: string, value: unknown, line: number) => {
    const located: Located = { value: toValue(value), file, line };
    if (namespace === SQSD_NAMESPACE) {
      if (sqsdOptionSpec(option) === undefined) {
        problem(line, `unknown ${SQSD_NAMESPACE} option "${option}"`);
      } else {
        config.sqsd[option as SqsdOptionName] = located;
      }
    } else if (namespace === ENVIRONMENT_NAMESPACE) {
      config.environment[option] = located;
    } else {
      (config.options[namespace] ??= {})[option] = located;
    }
  };

  const optionSettings: unknown = root.get("option_settings", true);
  if (optionSettings === undefined || optionSettings === null) {
    // no option_settings in this file
  } else if (isMap(optionSettings)) {
    for (const pair of optionSettings.items) {
      const namespace = keyText(pair);
      if (!isMap(pair.value)) {
        problem(lineOf(pair), `expected the options of namespace "${namespace}" as a mapping`);
        continue;
      }
      for (const option of pair.value.items)
        set(namespace, keyText(option), option.value, lineOf(option));
    }
  } else if (isSeq(optionSettings)) {
    for (const item of optionSettings.items) {
      const line = lineOf(item);
      const entry = isMap(item) ? (item.toJSON() as Record<string, unknown>) : undefined;
      // AWS: "If you do not specify a namespace, the default used is …application:environment".
      const namespace = entry?.namespace ?? ENVIRONMENT_NAMESPACE;
      if (!isMap(item) || typeof namespace !== "string" || typeof entry?.option_name !== "string") {
        problem(
          line,
          "expected an option_settings entry with option_name, value and optionally namespace",
        );
        continue;
      }
      set(namespace, entry.option_name, item.get("value", true), line);
    }
  } else {
    problem(
      lineOf(optionSettings),
      "expected option_settings as a list or a mapping of namespaces",
    );
  }

  const resources: unknown = root.get("Resources", true);
  if (resources !== undefined && resources !== null) {
    if (!isMap(resources)) {
      problem(lineOf(resources), "expected Resources as a mapping of logical names");
    } else {
      for (const pair of resources.items) {
        const value = toValue(pair.value);
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          problem(
            lineOf(pair),
            `expected resource "${keyText(pair)}" as a mapping with Type and Properties`,
          );
          continue;
        }
        config.resources[keyText(pair)] = {
          value: value as Record<string, unknown>,
          file,
          line: lineOf(pair),
        };
      }
    }
  }
  return problems;
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

function toValue(node: unknown): unknown {
  if (!isNode(node)) return node ?? null;
  return isScalar(node) ? node.value : node.toJSON();
}
