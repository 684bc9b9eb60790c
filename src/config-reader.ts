/**
 * Reads environment variables one at a time for loadConfig (src/config.ts, the only caller with
 * the real environment), recording each bad value as a problem instead of throwing, so one
 * ConfigError can list them all. Every rule reads `<VARIABLE>: expected <rule>, got "<value>"`.
 */
import { z } from "zod";
import { HTTP_PATH_RULE, isHttpPath } from "./protocol/http-path.js";
import { parseSigningKeys, SIGNING_KEYS_RULE, type SigningKeys } from "./protocol/signing-keys.js";

export type Env = Readonly<Record<string, string | undefined>>;

const EMAIL = z.email();

/** Reads one variable at a time, recording a problem instead of throwing. */
export class ConfigReader {
  constructor(
    private readonly env: Env,
    private readonly problems: string[],
  ) {}

  private raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === "" ? undefined : value;
  }

  private problem<T>(name: string, expected: string, got: string, fallback: T): T {
    this.problems.push(`${name}: expected ${expected}, got "${got}"`);
    return fallback;
  }

  text(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const number = Number(value);
    if (!/^-?\d+$/.test(value) || number < min || number > max) {
      return this.problem(name, `a whole number from ${min} to ${max}`, value, fallback);
    }
    return number;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (value === "true" || value === "1") return true;
    if (value === "false" || value === "0") return false;
    return this.problem(name, "true or false", value, fallback);
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    return this.problem(name, `one of ${allowed.join(", ")}`, value, fallback);
  }

  path(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (isHttpPath(value)) return value;
    return this.problem(name, HTTP_PATH_RULE, value, fallback);
  }

  /** `secret`: the value may hold a password, so a bad one is not echoed in the error. */
  optionalUrl(
    name: string,
    protocols: readonly string[] = ["http", "https"],
    secret = false,
  ): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const protocol = URL.canParse(value) ? new URL(value).protocol.slice(0, -1) : undefined;
    if (protocol !== undefined && protocols.includes(protocol)) return value;
    const expected = `an absolute ${protocols.join(" or ")} URL`;
    const got = secret ? "(a value not shown, as it may hold a password)" : value;
    return this.problem<string | undefined>(name, expected, got, undefined);
  }

  /** S3's bucket naming rule (general purpose buckets), checked here so a typo fails at start-up. */
  optionalBucketName(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value) && !value.includes("..")) return value;
    return this.problem<string | undefined>(
      name,
      "an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit)",
      value,
      undefined,
    );
  }

  /** DynamoDB's table naming rule, checked here so a typo fails at start-up, not at the first job. */
  optionalTableName(name: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (/^[A-Za-z0-9_.-]{3,255}$/.test(value)) return value;
    return this.problem<string | undefined>(
      name,
      "a DynamoDB table name (3 to 255 letters, digits, underscores, hyphens and dots)",
      value,
      undefined,
    );
  }

  /** The name of a variable whose value was not read, with the rule it broke (for rules across variables). */
  invalid(name: string, expected: string, got: string): void {
    this.problems.push(`${name}: expected ${expected}, got "${got}"`);
  }

  /** Comma-separated absolute http(s) URLs. */
  urlList(name: string): string[] {
    const items = (this.raw(name) ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const bad = items.filter(
      (item) => !/^https?:$/.test(URL.canParse(item) ? new URL(item).protocol : ""),
    );
    if (bad.length === 0) return items;
    return this.problem(name, "comma-separated absolute http or https URLs", bad.join(", "), []);
  }

  /** Comma-separated email addresses, each checked as send-email checks its `to`. */
  emailList(name: string): string[] {
    const items = (this.raw(name) ?? "")
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "");
    const bad = items.filter((item) => !EMAIL.safeParse(item).success);
    if (bad.length === 0) return items;
    return this.problem(name, "comma-separated email addresses", bad.join(", "), []);
  }

  /** `kid:base64secret,…`; a secret, so a problem names the entry, never the value. */
  signingKeys(name: string): SigningKeys | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    const parsed = parseSigningKeys(value);
    if (parsed.ok) return parsed.keys;
    return this.problem<SigningKeys | undefined>(
      name,
      SIGNING_KEYS_RULE,
      parsed.problem,
      undefined,
    );
  }
}
