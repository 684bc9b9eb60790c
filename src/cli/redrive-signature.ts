/**
 * `dlq redrive` and signed messages (docs/signing.md). A redrive sends a new message, whose
 * SentTimestamp is now: the app would find the original signature stale. So when the CLI holds
 * the signing keys, a message whose signature still verifies (over the attributes it is
 * redriven with) is signed again with a fresh timestamp. Only such messages: re-signing whatever
 * sits in the dead-letter queue would let anyone who can write there get a message signed.
 * Any other message keeps its attribute as it is, and the app judges it.
 */
import type { Message, MessageAttributeValue } from "@aws-sdk/client-sqs";
import {
  parseSignature,
  SIGNATURE_ATTRIBUTE,
  signatureMatches,
  signMessage,
} from "../protocol/signature.js";
import type { SigningKeys } from "../protocol/signing-keys.js";

export interface SignatureRefresher {
  /** The message with a fresh signature, or the message unchanged. */
  refresh(message: Message, attributes: Record<string, MessageAttributeValue>): Message;
  /** How many messages got a fresh signature so far. */
  readonly refreshed: number;
}

export function signatureRefresher(
  keys: SigningKeys | undefined,
  nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
): SignatureRefresher {
  let refreshed = 0;
  return {
    get refreshed() {
      return refreshed;
    },
    refresh(message, attributes) {
      const name = Object.keys(attributes).find((n) => n.toLowerCase() === SIGNATURE_ATTRIBUTE);
      if (!keys || name === undefined) return message;
      const fields = parseSignature(attributes[name]?.StringValue ?? "");
      const key = fields && keys.find(fields.keyId);
      if (!fields || !key) return message;
      const forwarded = forwardedValues(attributes);
      const body = Buffer.from(message.Body ?? "", "utf8");
      if (!signatureMatches(key, fields, forwarded, body)) return message;
      refreshed += 1;
      const others = Object.fromEntries(Object.entries(attributes).filter(([n]) => n !== name));
      const value = signMessage(keys.signingKey, nowSeconds(), forwarded, body);
      return {
        ...message,
        MessageAttributes: {
          ...others,
          [SIGNATURE_ATTRIBUTE]: { DataType: "String", StringValue: value },
        },
      };
    },
  };
}

/** The attributes sqsd forwards (String and Number), as the app will see them. */
function forwardedValues(attributes: Record<string, MessageAttributeValue>) {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (/^(String|Number)/.test(value.DataType ?? "") && value.StringValue !== undefined) {
      values[name] = value.StringValue;
    }
  }
  return values;
}
