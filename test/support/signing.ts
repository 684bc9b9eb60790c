/** Keys and signed requests for the tests of signed messages (docs/signing.md). */
import { signMessage, SIGNATURE_ATTRIBUTE, type SigningKey } from "../../src/protocol/signature.js";
import { job } from "./sqsd-request.js";

/** Two 32-byte keys, as WORKER_SIGNING_KEYS lists them: k1 signs, k2 is still accepted. */
export const KEY_1: SigningKey = { keyId: "k1", secret: Buffer.alloc(32, 1) };
export const KEY_2: SigningKey = { keyId: "k2", secret: Buffer.alloc(32, 2) };

export const SIGNING_ENV = {
  WORKER_SIGNING_KEYS: [KEY_1, KEY_2]
    .map((key) => `${key.keyId}:${key.secret.toString("base64")}`)
    .join(","),
};

export const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** The attributes of a job signed at `signedAt`, its own attributes plus `worker-signature`. */
export function signedAttributes(
  type: string,
  payload: unknown,
  signedAt: Date,
  attributes: Record<string, string> = {},
  key: SigningKey = KEY_1,
): Record<string, string> {
  const signature = signMessage(key, seconds(signedAt), attributes, job(type, payload));
  return { ...attributes, [SIGNATURE_ATTRIBUTE]: signature };
}
