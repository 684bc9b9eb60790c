/**
 * An email's Message-ID comes from the SQS message id, which is stable across redeliveries: a
 * job delivered twice produces the same email twice, which mail servers and the outbox collapse.
 */

/** The Message-ID's right-hand side: names this service as the id's author. */
export const MESSAGE_ID_DOMAIN = "sqs-worker";

/** The characters allowed in the id's left-hand side (RFC 5322 dot-atom text, no dots needed). */
const ID_TEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+$/;

/** `<sqs-message-id@sqs-worker>` for the email's Message-ID header. */
export function emailMessageId(sqsMessageId: string): string {
  if (!ID_TEXT.test(sqsMessageId)) {
    throw new Error(
      `Expected messageId to be an SQS message id (letters, digits and -._ without spaces or <>@), got "${sqsMessageId}"`,
    );
  }
  return `<${sqsMessageId}@${MESSAGE_ID_DOMAIN}>`;
}

/**
 * The outbox file for one Message-ID: the same id always names the same file, and two ids never
 * share one. Letters, digits, "-" and "." stay; every other character, "_" included, becomes "_"
 * and its UTF-8 bytes in hex, so `a/b` is `a_2Fb.eml` and `a_b` is `a_5Fb.eml`.
 */
export function outboxFileName(sqsMessageId: string): string {
  const escaped = sqsMessageId.replace(/[^A-Za-z0-9.-]/gu, (character) =>
    [...Buffer.from(character, "utf8")]
      .map((byte) => `_${byte.toString(16).toUpperCase().padStart(2, "0")}`)
      .join(""),
  );
  return `${escaped}.eml`;
}
