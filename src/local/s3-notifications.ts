/**
 * S3 event notifications for the local loop's embedded S3. fauxqs stores objects but sends no
 * notifications, so the loop watches its own S3 endpoint: a hook on the fauxqs server sees every
 * successful upload (PutObject, CopyObject, CompleteMultipartUpload; path-style requests, as our
 * clients make), and each upload that the bucket's notification filter covers becomes an S3 event
 * message on the worker queue, as S3 would send it. The filter is the one src/s3-events/rules.ts
 * routes (uploads/ with .jpg/.jpeg/.png in WORKER_BUCKET), as .ebextensions configures it on AWS.
 */
import { HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { objectCreatedMessage, testEventMessage, type ObjectCreated } from "./s3-event-message.js";

/** What the hook needs from a request and its response (Fastify's, in fauxqs). */
export interface ObservedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  statusCode: number;
}

export interface NotificationFilter {
  bucket: string;
  prefix: string;
  suffixes: readonly string[];
}

export interface S3Notifier {
  /** Looks at one finished S3 request; an upload the filter covers is notified. */
  observe(request: ObservedRequest): void;
  /** Sends `s3:TestEvent`, as S3 does when a notification configuration is saved. */
  sendTestEvent(): Promise<void>;
  /** Resolves once every notification started so far is sent (or failed and was logged). */
  settled(): Promise<void>;
}

export function createS3Notifier(options: {
  s3: S3Client;
  sqs: SQSClient;
  queueUrl: string;
  filter: NotificationFilter;
  log: (line: string) => void;
}): S3Notifier {
  const { s3, sqs, queueUrl, filter, log } = options;
  const pending = new Set<Promise<void>>();
  let sequence = 0;
  const send = (body: string) =>
    sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));

  const notify = async (upload: Omit<ObjectCreated, "size" | "eTag" | "sequencer" | "time">) => {
    const head = await s3.send(new HeadObjectCommand({ Bucket: upload.bucket, Key: upload.key }));
    sequence += 1;
    await send(
      objectCreatedMessage({
        ...upload,
        size: head.ContentLength ?? 0,
        eTag: head.ETag ?? "",
        sequencer: sequence.toString(16).toUpperCase().padStart(18, "0"),
        time: new Date(),
      }),
    );
    log(`s3   | notified ObjectCreated:${upload.how} s3://${upload.bucket}/${upload.key}`);
  };

  return {
    observe(request) {
      const upload = uploadOf(request);
      if (!upload || !covers(filter, upload.bucket, upload.key)) return;
      const sent = notify(upload)
        .catch((error: unknown) => {
          log(`s3   | could not notify s3://${upload.bucket}/${upload.key}: ${String(error)}`);
        })
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    async sendTestEvent() {
      await send(testEventMessage(filter.bucket, new Date()));
    },
    async settled() {
      await Promise.all([...pending]);
    },
  };
}

/** The object a successful request created, or undefined for any other request. */
export function uploadOf(
  request: ObservedRequest,
): Pick<ObjectCreated, "how" | "bucket" | "key"> | undefined {
  if (request.statusCode !== 200) return undefined;
  const [path = "", query = ""] = request.url.split("?", 2);
  const params = new URLSearchParams(query);
  const slash = path.indexOf("/", 1);
  if (slash < 0 || slash === path.length - 1) return undefined;
  const bucket = decodeURIComponent(path.slice(1, slash));
  const key = decodeURIComponent(path.slice(slash + 1));
  if (request.method === "PUT" && !params.has("uploadId")) {
    const how = request.headers["x-amz-copy-source"] === undefined ? "Put" : "Copy";
    return { how, bucket, key };
  }
  if (request.method === "POST" && params.has("uploadId")) {
    return { how: "CompleteMultipartUpload", bucket, key };
  }
  return undefined;
}

function covers(filter: NotificationFilter, bucket: string, key: string): boolean {
  return (
    bucket === filter.bucket &&
    key.startsWith(filter.prefix) &&
    filter.suffixes.some((suffix) => key.endsWith(suffix))
  );
}
