/**
 * The signing keys of a deployment, as `WORKER_SIGNING_KEYS` writes them:
 * `kid1:base64secret,kid2:base64secret`. Producers sign with the first; the app accepts any, so a
 * new key is added everywhere before producers move to it, and the old one removed after.
 *
 * Secrets never leave this object in text: JSON, util.inspect and String() show key ids only.
 */
import { inspect } from "node:util";
import { KEY_ID_PATTERN, type SigningKey } from "./signature.js";

/** Below this many bytes an HMAC-SHA256 key is weaker than the hash (RFC 2104 §3). */
export const MIN_SECRET_BYTES = 32;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export const SIGNING_KEYS_RULE = `comma-separated <key id>:<base64 secret of at least ${MIN_SECRET_BYTES} bytes> pairs, key ids of letters, digits, ".", "_" and "-", each once`;

export class SigningKeys {
  readonly #secrets: ReadonlyMap<string, Buffer>;
  /** The key producers sign with: the first listed. */
  readonly signingKey: SigningKey;

  constructor(keys: readonly SigningKey[]) {
    const [first] = keys;
    if (!first) throw new Error("Expected at least one signing key, got none");
    this.#secrets = new Map(keys.map((key) => [key.keyId, key.secret]));
    this.signingKey = first;
    // The secret must not show through the public field either.
    Object.defineProperty(this, "signingKey", { enumerable: false });
  }

  get keyIds(): string[] {
    return [...this.#secrets.keys()];
  }

  find(keyId: string): SigningKey | undefined {
    const secret = this.#secrets.get(keyId);
    return secret && { keyId, secret };
  }

  toJSON(): { keyIds: string[] } {
    return { keyIds: this.keyIds };
  }

  toString(): string {
    return `SigningKeys(${this.keyIds.join(", ")})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Parses the variable's value. A problem names the entry by its position only, since the value
 * is a secret.
 */
export function parseSigningKeys(
  text: string,
): { ok: true; keys: SigningKeys } | { ok: false; problem: string } {
  const keys: SigningKey[] = [];
  const entries = text.split(",").map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":");
    const keyId = colon < 0 ? "" : entry.slice(0, colon);
    const encoded = colon < 0 ? "" : entry.slice(colon + 1).trim();
    // Only the position: a value written the wrong way round would put the secret where the key id goes.
    const where = `entry ${index + 1}`;
    if (!KEY_ID_PATTERN.test(keyId))
      return { ok: false, problem: `${where} without a valid key id, not shown` };
    if (keys.some((key) => key.keyId === keyId)) {
      return { ok: false, problem: `${where} repeating a key id, not shown` };
    }
    const secret = BASE64.test(encoded) ? Buffer.from(encoded, "base64") : undefined;
    if (!secret || secret.length < MIN_SECRET_BYTES) {
      const got = secret ? `${secret.length} bytes` : "no base64";
      return { ok: false, problem: `${where} with a secret of ${got}, not shown` };
    }
    keys.push({ keyId, secret });
  }
  return { ok: true, keys: new SigningKeys(keys) };
}
