/**
 * The producer's message attributes are all of type String: sqsd forwards String and Number
 * attributes as headers, and the producer's own (idempotency key, trace context, signature) are
 * text. This is the one place that turns them into SQS's attribute values, for the send and for
 * the size check (`sqsMessageBytes`), so the two can never count different things.
 */
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";

const STRING_TYPE = "String";

export function stringAttributeValues(
  attributes: Readonly<Record<string, string>>,
): Record<string, MessageAttributeValue> {
  const values: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    values[name] = { DataType: STRING_TYPE, StringValue: value };
  }
  return values;
}
