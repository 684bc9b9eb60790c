/**
 * `sqs-worker upload <file>` puts a file under `uploads/` in the worker bucket. With the bucket's
 * notification (or `npm run local`'s emulation of it), an image there becomes a watermark-image
 * job; `--wait` waits for the watermarked copy and prints where it is.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { isMissing } from "../../storage/s3-errors.js";
import { IMAGE_UPLOADS_PREFIX } from "../../s3-events/rules.js";
import { CommandError, UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";
import { S3_FLAGS, withS3Target } from "../s3-target.js";

const CONTENT_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
};

/** How often --wait looks for the output: often enough to feel immediate, rare enough to be cheap. */
const POLL_MS = 250;

const FLAGS: FlagTable = {
  key: {
    type: "string",
    value: "key",
    description: `The object's key. Default: ${IMAGE_UPLOADS_PREFIX}<file name>.`,
  },
  wait: {
    type: "string",
    value: "seconds",
    description: "Wait up to this long for the watermarked copy, then print its location.",
  },
  ...S3_FLAGS,
};

export const upload = defineCommand({
  name: "upload",
  summary: "Upload an image under uploads/ in the worker bucket, to be watermarked.",
  usage: "sqs-worker upload <file> [options]",
  description: `Uploads a file to the worker bucket (as ${IMAGE_UPLOADS_PREFIX}<file name> unless --key says otherwise). The bucket's S3 notification turns .jpg, .jpeg and .png uploads there into watermark-image jobs; \`npm run local\` emulates it.`,
  flags: FLAGS,
  positionals: true,
  async run({ values, positionals }, context) {
    const [file, ...extra] = positionals;
    if (file === undefined || extra.length > 0) {
      throw new UsageError(`Expected one <file>, got ${positionals.length} argument(s)`);
    }
    const waitSeconds = parseWait(stringFlag(values, "wait"));
    const key = stringFlag(values, "key") ?? `${IMAGE_UPLOADS_PREFIX}${basename(file)}`;
    const size = await sizeOf(file);
    return withS3Target(values, context, async ({ s3, bucket }) => {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(file),
          ContentLength: size,
          ContentType: CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
        }),
        { abortSignal: context.signal },
      );
      context.stdout.write(`s3://${bucket}/${key}\n`);
      if (waitSeconds === undefined) return 0;
      const outputPrefix = context.config().jobSettings["watermark-image"]?.outputPrefix;
      const output = `${typeof outputPrefix === "string" ? outputPrefix : "watermarked/"}${key}`;
      await waitForObject(s3, bucket, output, waitSeconds, context.signal);
      context.stdout.write(`s3://${bucket}/${output}\n`);
      return 0;
    });
  },
});

function parseWait(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 600) {
    throw new UsageError(
      `Expected --wait to be a whole number of seconds from 1 to 600, got "${text}"`,
    );
  }
  return Number(text);
}

async function sizeOf(file: string): Promise<number> {
  try {
    const stats = await stat(file);
    if (!stats.isFile())
      throw new CommandError(`Expected ${file} to be a file, got a folder or other`);
    return stats.size;
  } catch (error) {
    if (error instanceof CommandError) throw error;
    throw new CommandError(`Expected a readable file, got ${file}: ${(error as Error).message}`);
  }
}

async function waitForObject(
  s3: S3Client,
  bucket: string,
  key: string,
  seconds: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return;
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
    if (Date.now() >= deadline) {
      throw new CommandError(
        `Expected s3://${bucket}/${key} within ${seconds} s, got none yet; see the worker's log`,
      );
    }
    await delay(POLL_MS, undefined, { signal });
  }
}
