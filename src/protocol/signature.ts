/**
 * The `worker-signature` message attribute (docs/signing.md): an HMAC-SHA256 over a canonical
 * string any language builds with plain string and byte operations, no JSON canonicaliser.
 *
 *   v1 LF <key id> LF <unix seconds> LF
 *   <name>=<value> LF   (one line per signed attribute, sorted by lowercase name)
 *   LF
 *   <the body's bytes, exactly as sent>
 *
 * Signed attributes are every String or Number attribute except `worker-signature` itself: that
 * is what sqsd forwards, so the app can rebuild the string from the request alone, and an
 * attribute added after signing is refused. Names are lowercased because HTTP lowercases them on
 * the way (`X-Aws-Sqsd-Attr-<name>`); values must be printable ASCII without edge spaces because
 * header values lose edge spaces and cannot carry control characters. With those rules no line
 * can contain LF or be empty, so the empty line ends the attributes unambiguously.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The attribute name; sqsd forwards it as `X-Aws-Sqsd-Attr-worker-signature`. */
export const SIGNATURE_ATTRIBUTE = "worker-signature";

export const SIGNATURE_VERSION = "v1";

/** Key ids travel in the attribute and in the canonical string: no `;`, `=` or line breaks. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** What survives an HTTP header value unchanged: printable ASCII, no space at either end. */
const HEADER_SAFE_VALUE = /^(?:[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?)$/;

const ATTRIBUTE_VALUE = /^v1;kid=([A-Za-z0-9._-]{1,64});t=(\d{1,12});sig=([0-9a-f]{64})$/;

export interface SigningKey {
  keyId: string;
  secret: Buffer;
}

/** The parts of a `worker-signature` value. */
export interface SignatureFields {
  keyId: string;
  /** Unix seconds when the producer signed. */
  signedAt: number;
  /** The 32 bytes of the HMAC. */
  mac: Buffer;
}

/**
 * What in these attributes a signature cannot cover so that the app can verify it (as the "got"
 * of an error), or undefined when they can all be signed.
 */
export function unsignableAttribute(
  attributes: Readonly<Record<string, string>>,
): string | undefined {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(attributes)) {
    const lower = name.toLowerCase();
    if (lower === SIGNATURE_ATTRIBUTE) return `"${name}", the signature's own name`;
    const twin = seen.get(lower);
    if (twin !== undefined) return `"${twin}" and "${name}", one name once HTTP lowercases it`;
    seen.set(lower, name);
    if (!HEADER_SAFE_VALUE.test(value)) return `"${name}" = ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** The rule unsignableAttribute checks, for error messages. */
export const SIGNABLE_ATTRIBUTES_RULE =
  "attributes a signature can cover (values of printable ASCII without leading or trailing spaces, as they travel in HTTP headers; names distinct ignoring case)";

/** The exact bytes that are signed. Attribute names may arrive in any case. */
export function canonicalBytes(
  keyId: string,
  signedAt: number,
  attributes: Readonly<Record<string, string>>,
  body: Buffer,
): Buffer {
  const lines = Object.entries(attributes)
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .filter(([name]) => name !== SIGNATURE_ATTRIBUTE)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}\n`);
  const head = `${SIGNATURE_VERSION}\n${keyId}\n${String(signedAt)}\n${lines.join("")}\n`;
  // latin1 keeps each header character as the byte it arrived as; for ASCII it is UTF-8 too.
  return Buffer.concat([Buffer.from(head, "latin1"), body]);
}

function mac(key: SigningKey, signedAt: number, attributes: Record<string, string>, body: Buffer) {
  return createHmac("sha256", key.secret)
    .update(canonicalBytes(key.keyId, signedAt, attributes, body))
    .digest();
}

/** The `worker-signature` value for a body and its other attributes. */
export function signMessage(
  key: SigningKey,
  signedAt: number,
  attributes: Readonly<Record<string, string>>,
  body: Buffer | string,
): string {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  const digest = mac(key, signedAt, { ...attributes }, bytes).toString("hex");
  return `${SIGNATURE_VERSION};kid=${key.keyId};t=${String(signedAt)};sig=${digest}`;
}

/** Reads a `worker-signature` value; undefined when it does not have the v1 form. */
export function parseSignature(value: string): SignatureFields | undefined {
  const match = ATTRIBUTE_VALUE.exec(value);
  if (!match) return undefined;
  const [, keyId = "", signedAt = "", hex = ""] = match;
  return { keyId, signedAt: Number(signedAt), mac: Buffer.from(hex, "hex") };
}

/** Compares in constant time: how many leading bytes match must not show in the timing. */
export function signatureMatches(
  key: SigningKey,
  fields: SignatureFields,
  attributes: Readonly<Record<string, string>>,
  body: Buffer,
): boolean {
  const expected = mac(key, fields.signedAt, { ...attributes }, body);
  return expected.length === fields.mac.length && timingSafeEqual(expected, fields.mac);
}

/** The signature format's rule, for error messages. */
export const SIGNATURE_RULE = "v1;kid=<key id>;t=<unix seconds>;sig=<64 lowercase hex digits>";
