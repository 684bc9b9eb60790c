/**
 * Where the local daemon's `aws:elasticbeanstalk:sqsd` options come from, lowest first: AWS's
 * defaults, this repository's `.ebextensions` (so the local loop runs with the settings that will
 * be deployed), `SQSD_<OPTION>` variables, then `--<option>` flags. The option table itself, its
 * defaults and ranges, live in src/eb/sqsd-options.ts.
 */
import { readEbextensions, sqsdSettings } from "../eb/ebextensions.js";
import {
  resolveSqsdOptions,
  sqsdInputFromSettings,
  SQSD_OPTIONS,
  type SqsdOptionName,
  type SqsdOptions,
  type SqsdOptionsInput,
} from "../eb/sqsd-options.js";

/** `HttpConnections` → `http-connections`, `WorkerQueueURL` → `worker-queue-url`. */
export function optionFlagName(name: SqsdOptionName): string {
  return name
    .replace(/URL$/, "Url")
    .replace(/([a-z])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/** `HttpConnections` → `SQSD_HTTP_CONNECTIONS`. */
export function optionVariableName(name: SqsdOptionName): string {
  return `SQSD_${optionFlagName(name).replaceAll("-", "_").toUpperCase()}`;
}

export interface SqsdOptionSources {
  /** The `.ebextensions` directory; a missing one means no settings. */
  ebextensionsDir: string;
  /** Variables, usually the process environment handed down from main. */
  env: Readonly<Record<string, string | undefined>>;
  /** Flag values by option name, as typed. */
  flags: Partial<Record<SqsdOptionName, string>>;
}

/**
 * Where each option's value came from: "AWS default", ".ebextensions", its variable's name
 * (`SQSD_MAX_RETRIES`) or its flag (`--max-retries`). The local loop names it when the value
 * overrides one of the app's own variables.
 */
export type SqsdOptionOrigins = Record<SqsdOptionName, string>;

/** Throws SqsdOptionsError listing every bad value, or EbextensionsError for a bad file. */
export async function loadSqsdOptions(sources: SqsdOptionSources): Promise<SqsdOptions> {
  return (await loadSqsdOptionsWithOrigins(sources)).options;
}

export async function loadSqsdOptionsWithOrigins(
  sources: SqsdOptionSources,
): Promise<{ options: SqsdOptions; origins: SqsdOptionOrigins }> {
  const input: SqsdOptionsInput = sqsdInputFromSettings(
    sqsdSettings(await readEbextensions(sources.ebextensionsDir)),
  );
  const origins = {} as SqsdOptionOrigins;
  for (const spec of SQSD_OPTIONS) {
    origins[spec.name] = input[spec.key] === undefined ? "AWS default" : ".ebextensions";
    const variable = optionVariableName(spec.name);
    const fromEnv = sources.env[variable];
    if (fromEnv !== undefined && fromEnv !== "") {
      input[spec.key] = fromEnv;
      origins[spec.name] = variable;
    }
    const fromFlag = sources.flags[spec.name];
    if (fromFlag !== undefined) {
      input[spec.key] = fromFlag;
      origins[spec.name] = `--${optionFlagName(spec.name)}`;
    }
  }
  return { options: resolveSqsdOptions(input), origins };
}
