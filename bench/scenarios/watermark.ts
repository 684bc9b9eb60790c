/**
 * Scenario 7: the watermark-image job on a 1024×768 JPEG at 1, 2 and 4 connections (jobs in
 * flight at once, as sqsd's HttpConnections would give). Each job runs the real handler against
 * an embedded S3 (fauxqs, in this process): HeadObject twice, GetObject, sharp, PutObject.
 * CPU per image is this process's user + system time over the run divided by the images, so it
 * includes the embedded S3's small share; images/s is images over wall time.
 */
import { retryAfter } from "../../src/retry/retry-later-error.js";
import { onceFor } from "../../src/idempotency/once.js";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import { PutObjectCommand, S3Client, CreateBucketCommand } from "@aws-sdk/client-s3";
import { availableParallelism } from "node:os";
import { startFauxqs } from "fauxqs";
import sharp from "sharp";
import { ConfigReader } from "../../src/config-reader.js";
import { createImageSlots } from "../../src/images/image-slots.js";
import { watermarkImage } from "../../src/jobs/watermark-image.js";
import { createLogger } from "../../src/logger.js";
import { readSettings } from "../../src/modules/settings.js";
import { workerBucket } from "../../src/storage/worker-bucket.js";
import type { JobContext } from "../../src/jobs/define-job.js";

export const WATERMARK_CONNECTIONS = [1, 2, 4] as const;

export interface WatermarkResult {
  connections: number;
  images: number;
  imagesPerSecond: number;
  cpuMsPerImage: number;
}

const BUCKET = "bench-images";

export async function runWatermark(
  imagesPerLevel: number,
  log: (line: string) => void,
): Promise<WatermarkResult[]> {
  const server = await startFauxqs({ port: 0, logger: false, host: "127.0.0.1" });
  const s3 = new S3Client({
    endpoint: server.address,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
  });
  try {
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const photo = await photoJpeg();
    // One unmeasured image first: sharp's first run loads libvips' codecs.
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: "uploads/warm-up.jpg", Body: photo }),
    );
    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/warm-up.jpg" }, jobContextFor(s3));
    const results: WatermarkResult[] = [];
    for (const connections of WATERMARK_CONNECTIONS) {
      const context = jobContextFor(s3);
      // Distinct keys: the job skips an image it already watermarked.
      const keys = Array.from(
        { length: imagesPerLevel },
        (_, n) => `uploads/c${connections}-${n}.jpg`,
      );
      for (const key of keys) {
        await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: photo }));
      }
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: connections }, async () => {
          while (next < keys.length) {
            const key = keys[next++] ?? "";
            await watermarkImage.handle({ bucket: BUCKET, key }, context);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuBefore);
      const result = {
        connections,
        images: keys.length,
        imagesPerSecond: keys.length / seconds,
        cpuMsPerImage: (cpu.user + cpu.system) / 1000 / keys.length,
      };
      log(
        `watermark at ${connections} connection(s): ${result.imagesPerSecond.toFixed(1)} images/s, ${result.cpuMsPerImage.toFixed(0)} ms CPU per image`,
      );
      results.push(result);
    }
    return results;
  } finally {
    s3.destroy();
    await server.stop();
  }
}

function jobContextFor(s3: S3Client): Parameters<typeof watermarkImage.handle>[1] {
  const settings = readSettings(watermarkImage.settings ?? {}, new ConfigReader({}, []));
  return {
    delivery: {
      messageId: "bench",
      receiveCount: 1,
      firstReceivedAt: new Date(),
      sentAt: undefined,
      queue: "bench",
      senderId: undefined,
      path: "/",
      attributes: {},
      task: undefined,
    },
    isFinalAttempt: false,
    attempt: 1,
    retryAfter,
    log: createLogger({ logLevel: "silent" }),
    signal: new AbortController().signal,
    settings: settings as JobContext<NonNullable<typeof watermarkImage.settings>>["settings"],
    clients: {
      s3,
      workerBucket: workerBucket(BUCKET),
      slots: createImageSlots(availableParallelism()),
    },
    // The handler records no steps; a memory store keeps the context complete.
    once: onceFor(new MemoryIdempotencyStore(1), "bench"),
  };
}

/** A 1024×768 photo-like JPEG: a gradient with mild noise, so it compresses like a photo. */
function photoJpeg(): Promise<Buffer> {
  return sharp({
    create: {
      width: 1024,
      height: 768,
      channels: 3,
      background: { r: 90, g: 130, b: 170 },
      noise: { type: "gaussian", mean: 128, sigma: 20 },
    },
  })
    .jpeg({ quality: 85 })
    .toBuffer();
}
