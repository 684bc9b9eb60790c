import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Readable } from "node:stream";
import { z } from "zod";
import { PermanentJobError } from "../errors.js";
import { imageSlotsClient } from "../images/image-slots.js";
import { pngMark, textMark, type Mark } from "../images/mark.js";
import { WATERMARK_POSITIONS } from "../images/placement.js";
import { watermarkStream } from "../images/watermark.js";
import { setting } from "../modules/settings.js";
import { isMissing, s3Failure } from "../storage/s3-errors.js";
import { s3Client } from "../storage/s3-client.js";
import { workerBucketClient } from "../storage/worker-bucket.js";
import { defineJob } from "./define-job.js";

const MiB = 1024 * 1024;

/** The output's user metadata (`x-amz-meta-source-etag`): what makes a redelivery free. */
export const SOURCE_ETAG_METADATA = "source-etag";

/**
 * Watermarks one image in S3 (an upload under `uploads/`, routed here by src/s3-events/rules.ts)
 * and writes the result under WATERMARK_OUTPUT_PREFIX in WORKER_BUCKET, or in the source's own
 * bucket when WORKER_BUCKET is unset. The output carries the source's ETag, so a redelivery, or
 * a second event for the same upload, finds the work done and stops before downloading.
 */
export const watermarkImage = defineJob({
  name: "watermark-image",
  // S3's 5xx and throttling pass within seconds: five runs, waits from 5 s to a minute.
  retry: { attempts: 5, initialDelaySeconds: 5, maxDelaySeconds: 60 },
  payload: z.strictObject({ bucket: z.string().min(3).max(63), key: z.string().min(1) }),
  settings: {
    /** `WATERMARK_OUTPUT_PREFIX`: where outputs go, `<prefix><source key>`. @default "watermarked/" */
    outputPrefix: setting.text("WATERMARK_OUTPUT_PREFIX", "watermarked/"),
    /** `WATERMARK_TEXT`: the text drawn when no WATERMARK_IMAGE is set. @default "sqs-worker" */
    text: setting.text("WATERMARK_TEXT", "sqs-worker"),
    /** `WATERMARK_IMAGE`: a PNG file (path on the instance) to use instead of text. @default unset */
    image: setting.text("WATERMARK_IMAGE", ""),
    /** `WATERMARK_POSITION`: the corner, or center. @default "southeast" */
    position: setting.oneOf("WATERMARK_POSITION", "southeast", WATERMARK_POSITIONS),
    /** `WATERMARK_WIDTH_PERCENT`: the mark's width relative to the image's. @default 30 */
    widthPercent: setting.integer("WATERMARK_WIDTH_PERCENT", 30, 1, 100),
    /** `WATERMARK_MAX_PIXELS`: larger images fail permanently. @default 40000000 */
    maxPixels: setting.integer("WATERMARK_MAX_PIXELS", 40_000_000, 1, 268_402_689),
    /** `WATERMARK_MAX_BYTES`: larger objects fail permanently. @default 26214400 (25 MiB) */
    maxBytes: setting.integer("WATERMARK_MAX_BYTES", 25 * MiB, 1, 1024 * MiB),
  },
  clients: { s3: s3Client, workerBucket: workerBucketClient, slots: imageSlotsClient },
  async handle(source, { settings, clients, signal, log }) {
    const { s3 } = clients;
    const call = { abortSignal: signal };
    const eTag = await sourceETag(s3, source, settings.maxBytes, call);
    const output = outputLocation(source, clients.workerBucket.name, settings.outputPrefix);
    if (eTag !== "" && (await outputSourceETag(s3, output, call)) === eTag) {
      log.info({ output }, "Already watermarked from this version of the image; nothing to do");
      return;
    }
    const mark = await markFor(settings);
    await clients.slots.run(async () => {
      const body = await download(s3, source, call);
      const result = await watermarkStream(body, { ...settings, mark });
      await s3
        .send(
          new PutObjectCommand({
            ...output,
            Body: result.body,
            ContentType: result.contentType,
            Metadata: { [SOURCE_ETAG_METADATA]: eTag, "source-key": source.key },
          }),
          call,
        )
        .catch((error: unknown) => {
          throw s3Failure(error, `PutObject s3://${output.Bucket}/${output.Key}`);
        });
      log.info({ output, size: result.size }, "Watermarked");
    }, signal);
  },
});

interface Location {
  bucket: string;
  key: string;
}

/** The source's ETag (unquoted), after checking it exists and is not over the byte limit. */
async function sourceETag(
  s3: S3Client,
  { bucket, key }: Location,
  maxBytes: number,
  call: { abortSignal: AbortSignal },
): Promise<string> {
  const head = await s3
    .send(new HeadObjectCommand({ Bucket: bucket, Key: key }), call)
    .catch((error: unknown) => {
      throw s3Failure(error, `HeadObject s3://${bucket}/${key}`);
    });
  if (head.ContentLength !== undefined && head.ContentLength > maxBytes) {
    throw new PermanentJobError(
      `Expected at most ${maxBytes} bytes (WATERMARK_MAX_BYTES), got ${head.ContentLength} in s3://${bucket}/${key}`,
    );
  }
  return unquote(head.ETag ?? "");
}

/** `<prefix><key>` in WORKER_BUCKET (with the source bucket's name when it is another one). */
function outputLocation(
  source: Location,
  workerBucket: string | undefined,
  prefix: string,
): { Bucket: string; Key: string } {
  const bucket = workerBucket ?? source.bucket;
  const from = bucket === source.bucket ? "" : `${source.bucket}/`;
  return { Bucket: bucket, Key: `${prefix}${from}${source.key}` };
}

/** The ETag of the source the existing output was made from, if there is an output. */
async function outputSourceETag(
  s3: S3Client,
  output: { Bucket: string; Key: string },
  call: { abortSignal: AbortSignal },
): Promise<string | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand(output), call);
    return head.Metadata?.[SOURCE_ETAG_METADATA];
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw s3Failure(error, `HeadObject s3://${output.Bucket}/${output.Key}`);
  }
}

async function download(
  s3: S3Client,
  { bucket, key }: Location,
  call: { abortSignal: AbortSignal },
): Promise<Readable> {
  const object = await s3
    .send(new GetObjectCommand({ Bucket: bucket, Key: key }), call)
    .catch((error: unknown) => {
      throw s3Failure(error, `GetObject s3://${bucket}/${key}`);
    });
  if (!(object.Body instanceof Readable)) {
    throw new Error(`Expected GetObject s3://${bucket}/${key} to return a stream, got none`);
  }
  return object.Body;
}

const pngMarks = new Map<string, Promise<Mark>>();

/** The configured PNG (loaded once per process; a failed load is tried again), else the text. */
function markFor(settings: { image: string; text: string }): Promise<Mark> {
  if (settings.image === "") return Promise.resolve(textMark(settings.text));
  let loading = pngMarks.get(settings.image);
  if (!loading) {
    loading = pngMark(settings.image);
    loading.catch(() => pngMarks.delete(settings.image));
    pngMarks.set(settings.image, loading);
  }
  return loading;
}

function unquote(eTag: string): string {
  return eTag.replace(/^"|"$/g, "");
}
