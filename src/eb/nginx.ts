/**
 * Reads the directives our nginx files set, the way Beanstalk lays them out on Amazon Linux 2023
 * (docs/protocol.md §4.2): `.platform/nginx/conf.d/*.conf` is included in the `http {}` context,
 * `.platform/nginx/conf.d/elasticbeanstalk/*.conf` inside the default `server {}`.
 *
 * This is not an nginx parser: it finds simple `name args;` directives with their file and line,
 * enough for the doctor to compare timeouts and body limits. `nginx -t` (test/deploy) is what
 * proves the files are valid nginx.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Located } from "./ebextensions.js";

/** nginx's own defaults for the directives the doctor compares. */
export const NGINX_DEFAULTS = {
  /** `proxy_read_timeout` default: 60 s, the limit long jobs hit first. */
  proxyReadTimeoutSeconds: 60,
  /** `client_max_body_size` default: 1m. */
  clientMaxBodySizeBytes: 1024 * 1024,
} as const;

export interface NginxDirective extends Located<string[]> {
  name: string;
}

export interface NginxSettings {
  /** The files read: http-level first, then server-level, each alphabetically. */
  files: string[];
  /** Every simple directive found, in the order nginx applies them (server level after http level). */
  directives: NginxDirective[];
}

/**
 * Reads `<dir>/*.conf` (http context) and `<dir>/elasticbeanstalk/*.conf` (server context).
 * Missing directories read as no directives.
 */
export async function readNginxConfD(dir = ".platform/nginx/conf.d"): Promise<NginxSettings> {
  const settings: NginxSettings = { files: [], directives: [] };
  for (const folder of [dir, path.join(dir, "elasticbeanstalk")]) {
    for (const name of await confFiles(folder)) {
      const file = path.join(folder, name);
      settings.files.push(file);
      settings.directives.push(...parseDirectives(await readFile(file, "utf8"), file));
    }
  }
  return settings;
}

async function confFiles(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && entry.name.endsWith(".conf"))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/** The last setting of a directive, i.e. the one in effect; `undefined` when none of our files sets it. */
export function effectiveDirective(
  settings: NginxSettings,
  name: string,
): NginxDirective | undefined {
  return settings.directives.findLast((directive) => directive.name === name);
}

/**
 * Splits nginx text into simple directives (`name arg…;`) with the line each starts on, at any
 * block depth. Comments and quotes are honoured; block openers (`location / {`) are skipped.
 */
export function parseDirectives(text: string, file: string): NginxDirective[] {
  const directives: NginxDirective[] = [];
  const tokenPattern = /#[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[{};]|[^\s{};#"']+/g;
  let words: string[] = [];
  let startLine = 1;
  let line = 1;
  let offset = 0;
  for (const match of text.matchAll(tokenPattern)) {
    line += countNewlines(text, offset, match.index);
    offset = match.index;
    const token = match[0];
    if (token.startsWith("#")) continue;
    if (token === ";") {
      const [name, ...args] = words;
      if (name !== undefined) directives.push({ name, value: args, file, line: startLine });
      words = [];
    } else if (token === "{" || token === "}") {
      words = [];
    } else {
      if (words.length === 0) startLine = line;
      words.push(unquote(token));
    }
  }
  return directives;
}

function countNewlines(text: string, from: number, to: number): number {
  let count = 0;
  for (
    let index = text.indexOf("\n", from);
    index !== -1 && index < to;
    index = text.indexOf("\n", index + 1)
  )
    count++;
  return count;
}

function unquote(token: string): string {
  return /^(["']).*\1$/s.test(token) ? token.slice(1, -1) : token;
}

const TIME_UNITS_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  M: 2592000,
  y: 31536000,
};

/** nginx time (`360s`, `6m`, `1m30s`, `500ms`, a bare number is seconds) in seconds; `undefined` if malformed. */
export function parseNginxTime(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+)(ms|[smhdwMy])/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join("") !== text) return undefined;
  return parts.reduce(
    (total, [, amount, unit]) => total + Number(amount) * (TIME_UNITS_SECONDS[unit ?? ""] ?? 0),
    0,
  );
}

/** nginx size (`2m`, `1024k`, `1g`, a bare number is bytes) in bytes; `undefined` if malformed. */
export function parseNginxSize(text: string): number | undefined {
  const match = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!match) return undefined;
  const multiplier =
    { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? "").toLowerCase()] ?? 1;
  return Number(match[1]) * multiplier;
}

/** A limit as nginx will apply it: our files' last setting, else nginx's default. */
export interface EffectiveNginxLimit {
  /** The value in effect; nginx's default when no file sets it or the setting is refused. */
  value: number;
  /** The directive that sets it; undefined when none of our files does. */
  directive: NginxDirective | undefined;
  /** Why the directive's value is refused (`proxy_read_timeout: expected …, got "…"`). */
  problem?: string;
}

export interface EffectiveNginxLimits {
  /** `proxy_read_timeout` in seconds. */
  proxyReadTimeout: EffectiveNginxLimit;
  /** `client_max_body_size` in bytes; 0 disables nginx's check. */
  clientMaxBodySize: EffectiveNginxLimit;
}

/**
 * The read timeout and body limit our nginx files put in effect, decided here for both the
 * doctor (which reports a refused value) and the daemon's nginx emulation (which refuses to run).
 */
export function effectiveNginxLimits(settings: NginxSettings): EffectiveNginxLimits {
  const limit = (
    name: string,
    parse: (text: string) => number | undefined,
    fallback: number,
    expected: string,
    minimum: { value: number; text: string },
  ): EffectiveNginxLimit => {
    const directive = effectiveDirective(settings, name);
    if (directive === undefined) return { value: fallback, directive };
    const text = directive.value.join(" ");
    const value = directive.value.length === 1 ? parse(directive.value[0] ?? "") : undefined;
    if (value === undefined) {
      return {
        value: fallback,
        directive,
        problem: `${name}: expected ${expected}, got "${text}"`,
      };
    }
    if (value < minimum.value) {
      return {
        value: fallback,
        directive,
        problem: `${name}: expected at least ${minimum.text}, got "${text}"`,
      };
    }
    return { value, directive };
  };
  return {
    proxyReadTimeout: limit(
      "proxy_read_timeout",
      parseNginxTime,
      NGINX_DEFAULTS.proxyReadTimeoutSeconds,
      "one nginx time such as 360s or 6m",
      // Shorter than a second is no read timeout for a job; "0s" is a typo, not a setting.
      { value: 1, text: "1s" },
    ),
    clientMaxBodySize: limit(
      "client_max_body_size",
      parseNginxSize,
      NGINX_DEFAULTS.clientMaxBodySizeBytes,
      "one nginx size such as 2m or 1048576",
      // 0 is nginx's own way to turn the check off.
      { value: 0, text: "0" },
    ),
  };
}
