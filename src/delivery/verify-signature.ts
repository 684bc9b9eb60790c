/**
 * Signed messages, the app's side (docs/signing.md): before a delivery is routed to its handler,
 * its `worker-signature` attribute must be a valid HMAC, by a key this worker holds, of the body
 * and the other forwarded attributes, made not long before SQS accepted the message.
 *
 * "Stale" is measured from the signature's time to `X-Aws-Sqsd-Sent-At` (SQS's SentTimestamp),
 * not to now and not to First-Received-At: SQS sets it when the message is sent, so the producer
 * cannot forge it, and it stays the same on every redelivery; a backlog or a long retry chain
 * never makes a good message stale, while a captured message sent again later is. When sqsd
 * omits Sent-At (it is not in AWS's table), First-Received-At stands in: also set by SQS and
 * stable, but it includes the wait in the queue.
 */
import type { Config } from "../config.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import {
  parseSignature,
  SIGNATURE_ATTRIBUTE,
  SIGNATURE_RULE,
  signatureMatches,
} from "../protocol/signature.js";
import { SQSD_ATTRIBUTE_HEADER_PREFIX, SQSD_HEADER } from "../protocol/headers.js";
import type { SigningKeys } from "../protocol/signing-keys.js";
import { formatHeaderTimestamp } from "../protocol/timestamps.js";
import type { Work } from "./deliver.js";
import { outcome, type Outcome } from "./outcomes.js";

export type SignaturePolicy = Pick<
  Config,
  "signatureMaxAgeSeconds" | "signatureClockSkewSeconds" | "unsignedTasks"
> & { keys: SigningKeys };

/** What is delivered: a job on the job route, or a periodic task on /tasks/<name>. */
export type DeliveryKind = "job" | "task";

const HEADER = `${SQSD_ATTRIBUTE_HEADER_PREFIX}${SIGNATURE_ATTRIBUTE}`;

/** Why this delivery must not run, or undefined when its signature holds (or it may be unsigned). */
export function checkSignature(
  delivery: SqsdDelivery,
  body: Buffer,
  kind: DeliveryKind,
  policy: SignaturePolicy,
): Outcome | undefined {
  const value = delivery.attributes[SIGNATURE_ATTRIBUTE];
  if (value === undefined) return unsigned(kind, body, policy);
  const fields = parseSignature(value);
  if (!fields) {
    const got = value.length > 200 ? `${value.slice(0, 200)}…` : value;
    return outcome("signature-invalid", `Expected ${HEADER} as ${SIGNATURE_RULE}, got "${got}"`);
  }
  const key = policy.keys.find(fields.keyId);
  if (!key) {
    return outcome(
      "signature-invalid",
      `Expected a signature by a key this worker holds (${policy.keys.keyIds.join(", ")}), got key id "${fields.keyId}"`,
    );
  }
  if (!signatureMatches(key, fields, delivery.attributes, body)) {
    const signed = Object.keys(delivery.attributes).filter((name) => name !== SIGNATURE_ATTRIBUTE);
    return outcome(
      "signature-invalid",
      `Expected the signature by key "${key.keyId}" to match the body (${body.length} bytes) and the attributes [${signed.join(", ")}], got a different HMAC: changed after signing, or signed another way`,
    );
  }
  return staleness(fields.signedAt, delivery, policy);
}

function unsigned(kind: DeliveryKind, body: Buffer, policy: SignaturePolicy): Outcome | undefined {
  if (kind === "task" && policy.unsignedTasks === "allow") {
    // sqsd POSTs a periodic task with an empty body: anything else did not come from the leader.
    if (body.length === 0) return undefined;
    return outcome(
      "signature-missing",
      `Expected an unsigned periodic task to have an empty body, as sqsd sends it, got ${body.length} bytes and no ${HEADER}`,
    );
  }
  const tasks =
    kind === "task" ? " (WORKER_UNSIGNED_TASKS=refuse applies to periodic tasks too)" : "";
  return outcome(
    "signature-missing",
    `Expected a ${HEADER} header signed by one of the keys ${policy.keys.keyIds.join(", ")}${tasks}, got none`,
  );
}

function staleness(
  signedAt: number,
  delivery: SqsdDelivery,
  policy: SignaturePolicy,
): Outcome | undefined {
  const [reference, header] = delivery.sentAt
    ? [delivery.sentAt, SQSD_HEADER.sentAt]
    : [delivery.firstReceivedAt, SQSD_HEADER.firstReceivedAt];
  const age = Math.floor(reference.getTime() / 1000) - signedAt;
  const signed = formatHeaderTimestamp(new Date(signedAt * 1000));
  const sent = `${header} ${formatHeaderTimestamp(reference)}`;
  if (age > policy.signatureMaxAgeSeconds) {
    return outcome(
      "signature-stale",
      `Expected the message signed at most ${policy.signatureMaxAgeSeconds} s before ${sent}, got signed at ${signed}, ${age} s before (sent again after signing, or a redrive without re-signing)`,
    );
  }
  if (-age > policy.signatureClockSkewSeconds) {
    return outcome(
      "signature-stale",
      `Expected the signature dated at most ${policy.signatureClockSkewSeconds} s (clock skew) after ${sent}, got ${signed}, ${-age} s after`,
    );
  }
  return undefined;
}

/** The policy of a configuration, or undefined when the deployment does not sign. */
export function signaturePolicy(config: Config): SignaturePolicy | undefined {
  if (!config.signingKeys) return undefined;
  return {
    keys: config.signingKeys,
    signatureMaxAgeSeconds: config.signatureMaxAgeSeconds,
    signatureClockSkewSeconds: config.signatureClockSkewSeconds,
    unsignedTasks: config.unsignedTasks,
  };
}

/**
 * Puts the check in front of a delivery's work. A refused delivery is answered at once with its
 * 403 under `WORKER_SIGNATURE_REFUSAL=reject`; under `park` its work fails to prepare, so the
 * pipeline settles it like any permanent failure (parked when a dead-letter queue is set).
 */
export function guardWithSignature(
  config: Config,
): (work: Work, body: Buffer, kind: DeliveryKind) => { work: Work } | { refused: Outcome } {
  const policy = signaturePolicy(config);
  return (work, body, kind) => {
    const refusal = policy && checkSignature(work.delivery, body, kind, policy);
    if (!refusal) return { work };
    if (config.signatureRefusal === "reject") return { refused: refusal };
    return { work: { ...work, prepare: () => ({ ok: false, name: work.name, failure: refusal }) } };
  };
}
