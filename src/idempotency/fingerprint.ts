/**
 * The fingerprint of a payload: SHA-256 of its canonical JSON (object keys sorted), so that a
 * producer that writes the same payload with its keys in another order sends the same payload.
 */
import { createHash } from "node:crypto";

export function fingerprint(payload: unknown): string {
  return createHash("sha256").update(canonicalJson(payload)).digest("base64url");
}

/** JSON.stringify as it behaves: undefined for undefined, a function or a symbol. */
const stringify: (value: unknown) => string | undefined = JSON.stringify;

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  // undefined, a function or a symbol: not JSON, and the parser never produces them.
  return stringify(value) ?? "null";
}
