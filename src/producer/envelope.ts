/**
 * The job envelope: the SQS message body `{"type": "<job type>", "payload": {...}}`, which sqsd
 * POSTs to the app byte for byte.
 */

/**
 * Characters JSON leaves raw but SQS refuses in a body (it accepts #x9 #xA #xD, #x20–#xD7FF,
 * #xE000–#xFFFD and #x10000–#x10FFFF). JSON.stringify already escapes control characters and
 * lone surrogates; only these two noncharacters remain, and JSON may spell them as \u escapes.
 */
const REFUSED_BY_SQS = /[\uFFFE\uFFFF]/g;

/** Encodes one job as the message body; the result is always a body SQS accepts. */
export function encodeJob(type: string, payload: unknown): string {
  const body = JSON.stringify({ type, payload });
  return body.replace(REFUSED_BY_SQS, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}
