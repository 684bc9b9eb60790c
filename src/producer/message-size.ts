/**
 * A message's size as SQS counts it against the queue's limit: the UTF-8 bytes of the body plus,
 * for each message attribute, its name, its data type and its value.
 */
export function messageSize(body: string, attributes: Readonly<Record<string, string>>): number {
  let size = Buffer.byteLength(body, "utf8");
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, "utf8") + Buffer.byteLength(STRING_TYPE, "utf8");
    size += Buffer.byteLength(value, "utf8");
  }
  return size;
}

/** The producer sends only String attributes: sqsd forwards String and Number ones as headers. */
export const STRING_TYPE = "String";
