/**
 * The settings a job or task module declares for itself: each an environment variable with its
 * rule. loadConfig (src/config.ts) reads them with the core configuration, so a bad value stops
 * the worker at start-up, listed with every other problem; the handler gets them typed as
 * `context.settings`.
 *
 * @example
 * settings: { recipients: setting.emailList("DIGEST_RECIPIENTS") }
 */
import type { ConfigReader } from "../config-reader.js";
import type { Settings } from "./handler-context.js";
import { Secret } from "./secret.js";

/** One environment variable and how to read it. */
export interface Setting<T> {
  variable: string;
  read(reader: ConfigReader): T;
}

/** The rules a module's setting may use; the same ones, and messages, as the core configuration. */
export const setting = {
  text: (variable: string, fallback: string): Setting<string> => ({
    variable,
    read: (reader) => reader.text(variable, fallback),
  }),
  integer: (variable: string, fallback: number, min: number, max: number): Setting<number> => ({
    variable,
    read: (reader) => reader.integer(variable, fallback, min, max),
  }),
  oneOf: <T extends string>(variable: string, fallback: T, allowed: readonly T[]): Setting<T> => ({
    variable,
    read: (reader) => reader.oneOf(variable, fallback, allowed),
  }),
  boolean: (variable: string, fallback: boolean): Setting<boolean> => ({
    variable,
    read: (reader) => reader.boolean(variable, fallback),
  }),
  optionalUrl: (variable: string): Setting<string | undefined> => ({
    variable,
    read: (reader) => reader.optionalUrl(variable),
  }),
  urlList: (variable: string): Setting<string[]> => ({
    variable,
    read: (reader) => reader.urlList(variable),
  }),
  emailList: (variable: string): Setting<string[]> => ({
    variable,
    read: (reader) => reader.emailList(variable),
  }),
  /** A value that is never logged (an API key); unset or empty gives undefined. */
  secret: (variable: string): Setting<Secret | undefined> => ({
    variable,
    read: (reader) => {
      const value = reader.text(variable, "");
      return value === "" ? undefined : new Secret(value);
    },
  }),
};

/** Reads every declared setting; problems go to the reader's list. */
export function readSettings(settings: Settings, reader: ConfigReader): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, declared] of Object.entries(settings)) values[key] = declared.read(reader);
  return values;
}
