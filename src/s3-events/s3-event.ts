/**
 * Reading an S3 event notification (docs: "Event message structure" in the S3 user guide): the
 * `{"Records": [...]}` S3 sends to a queue or topic for each event, and the `s3:TestEvent` it
 * sends once when a notification configuration is saved. Keys arrive URL-encoded as in a form
 * (`+` for a space, `%XX` for the rest) and are decoded here, once.
 */

/** One object event, with its key decoded. */
export interface S3ObjectEvent {
  /** Without the `s3:` prefix, as S3 writes it: `ObjectCreated:Put`, `ObjectRemoved:Delete`… */
  eventName: string;
  bucket: string;
  key: string;
  size: number | undefined;
  eTag: string | undefined;
  /** Orders events for one key (hexadecimal, compare after padding); absent on some events. */
  sequencer: string | undefined;
}

export type S3Notification =
  | { kind: "test"; bucket: string }
  | { kind: "records"; records: S3ObjectEvent[] }
  | { kind: "malformed"; problem: string };

/** The notification in a parsed body, or undefined when the body is not an S3 notification. */
export function readS3Notification(value: unknown): S3Notification | undefined {
  if (!isRecord(value)) return undefined;
  if (value.Event === "s3:TestEvent" && value.Service === "Amazon S3") {
    return { kind: "test", bucket: typeof value.Bucket === "string" ? value.Bucket : "" };
  }
  const records = value.Records;
  if (
    !Array.isArray(records) ||
    !records.some((record) => isRecord(record) && record.eventSource === "aws:s3")
  ) {
    return undefined;
  }
  const events: S3ObjectEvent[] = [];
  for (const [index, record] of records.entries()) {
    const event = readRecord(record);
    if (typeof event === "string")
      return { kind: "malformed", problem: `Records[${index}]: ${event}` };
    events.push(event);
  }
  return { kind: "records", records: events };
}

function readRecord(record: unknown): S3ObjectEvent | string {
  if (!isRecord(record) || record.eventSource !== "aws:s3") {
    return 'expected an S3 record (eventSource "aws:s3")';
  }
  const s3 = isRecord(record.s3) ? record.s3 : {};
  const bucket = isRecord(s3.bucket) ? s3.bucket.name : undefined;
  const object = isRecord(s3.object) ? s3.object : {};
  if (typeof record.eventName !== "string") return "expected eventName to be a string";
  if (typeof bucket !== "string") return "expected s3.bucket.name to be a string";
  if (typeof object.key !== "string") return "expected s3.object.key to be a string";
  const key = decodeKey(object.key);
  if (key === undefined) return `expected s3.object.key to be URL-encoded, got "${object.key}"`;
  return {
    eventName: record.eventName,
    bucket,
    key,
    size: typeof object.size === "number" ? object.size : undefined,
    eTag: typeof object.eTag === "string" ? object.eTag : undefined,
    sequencer: typeof object.sequencer === "string" ? object.sequencer : undefined,
  };
}

/** S3 encodes keys as HTML forms do: `+` is a space (a real `+` is `%2B`), `%XX` a byte of UTF-8. */
export function decodeKey(encoded: string): string | undefined {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** The reverse, as S3 writes keys into events; for the local emulation of notifications. */
export function encodeKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, "+").replace(/%2F/g, "/");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
