import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { PermanentJobError } from "../../src/errors.js";
import { createImageSlots } from "../../src/images/image-slots.js";
import { textMark } from "../../src/images/mark.js";
import { placeMark, scaleMark } from "../../src/images/placement.js";
import { SOURCE_ETAG_METADATA, watermarkImage } from "../../src/jobs/watermark-image.js";
import { workerBucket } from "../../src/storage/worker-bucket.js";
import { expectRejection } from "../support/expect-rejection.js";
import { createS3Client, recordCommands, startLocalS3, type LocalS3 } from "../support/s3.js";
import { difference, gradient } from "../images/pictures.js";
import { jobContext } from "./job-context.js";

const BUCKET = "worker-bucket";

describe("watermark-image", () => {
  let local: LocalS3;
  let photo: Buffer;
  before(async () => {
    photo = await gradient(1024, 768);
  });
  beforeEach(async () => {
    local = await startLocalS3();
    await local.createBucket(BUCKET);
  });
  afterEach(async () => {
    await local.stop();
  });

  function context(
    s3: S3Client = local.s3,
    settings: Partial<
      ReturnType<typeof jobContext<NonNullable<typeof watermarkImage.settings>, never>>["settings"]
    > = {},
  ) {
    const base = jobContext(watermarkImage);
    return jobContext(watermarkImage, {
      settings: { ...base.settings, ...settings },
      clients: { s3, workerBucket: workerBucket(BUCKET), slots: createImageSlots(2) },
    });
  }

  async function upload(key: string, body: Buffer): Promise<void> {
    await local.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  }

  async function download(key: string) {
    const object = await local.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { body: Buffer.from(await object.Body!.transformToByteArray()), object };
  }

  it("writes a JPEG of the same size under watermarked/, changed inside the mark's area and not far outside it", async () => {
    await upload("uploads/photo.jpg", photo);

    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context());

    const { body, object } = await download("watermarked/uploads/photo.jpg");
    const metadata = await sharp(body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(["jpeg", 1024, 768]);
    expect(object.ContentType).to.equal("image/jpeg");
    const image = { width: 1024, height: 768 };
    const area = placeMark(image, scaleMark(image, textMark("sqs-worker").aspect, 30), "southeast");
    expect(area.left + area.width).to.be.lessThan(1024);
    const changed = await difference(photo, body, area, 16);
    expect(changed.inside, "mean change inside the mark").to.be.greaterThan(30);
    expect(changed.farOutside, "largest block change far outside").to.be.lessThan(4);
  });

  it("places the mark where WATERMARK_POSITION says", async () => {
    await upload("uploads/photo.jpg", photo);

    await watermarkImage.handle(
      { bucket: BUCKET, key: "uploads/photo.jpg" },
      context(local.s3, { position: "northwest", widthPercent: 50 }),
    );

    const { body } = await download("watermarked/uploads/photo.jpg");
    const image = { width: 1024, height: 768 };
    const area = placeMark(image, scaleMark(image, textMark("sqs-worker").aspect, 50), "northwest");
    expect([area.left, area.top]).to.deep.equal([15, 15]);
    const changed = await difference(photo, body, area, 16);
    expect(changed.inside).to.be.greaterThan(30);
    expect(changed.farOutside).to.be.lessThan(4);
  });

  it("keeps a PNG a PNG", async () => {
    await upload("uploads/drawing.png", await gradient(320, 200, "png"));

    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/drawing.png" }, context());

    const { body } = await download("watermarked/uploads/drawing.png");
    const metadata = await sharp(body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(["png", 320, 200]);
  });

  it("stores the source's ETag and does no work for a redelivery of the same version", async () => {
    await upload("uploads/photo.jpg", photo);
    const commands = recordCommands(local.s3);
    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context());
    const { object: source } = await download("uploads/photo.jpg");
    const { object: output } = await download("watermarked/uploads/photo.jpg");
    expect(output.Metadata?.[SOURCE_ETAG_METADATA]).to.equal(source.ETag?.replaceAll('"', ""));
    commands.length = 0;

    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context());

    expect(commands).to.deep.equal(["HeadObjectCommand", "HeadObjectCommand"]);
  });

  it("watermarks again when the source was replaced by another version", async () => {
    await upload("uploads/photo.jpg", photo);
    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context());
    await upload("uploads/photo.jpg", await gradient(640, 480));

    await watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context());

    const { body } = await download("watermarked/uploads/photo.jpg");
    expect((await sharp(body).metadata()).width).to.equal(640);
  });

  describe("fails permanently", () => {
    const cases: [string, () => Buffer | Promise<Buffer>, object, RegExp][] = [
      [
        "for bytes that are no image",
        () => Buffer.from("not an image at all"),
        {},
        /Cannot watermark this image: .*unsupported image format/,
      ],
      [
        "for a truncated JPEG",
        () => photo.subarray(0, photo.length / 2),
        {},
        /Cannot watermark this image/,
      ],
      [
        "for a GIF",
        () =>
          sharp({ create: { width: 8, height: 8, channels: 3, background: "#f00" } })
            .gif()
            .toBuffer(),
        {},
        /^Expected an image in one of jpeg, png, webp, got gif$/,
      ],
      [
        "for an image over WATERMARK_MAX_PIXELS",
        () => photo,
        { maxPixels: 1000 },
        /^Cannot watermark this image \(over WATERMARK_MAX_PIXELS = 1000\): Input image exceeds pixel limit$/,
      ],
      [
        "for an object over WATERMARK_MAX_BYTES",
        () => photo,
        { maxBytes: 100 },
        /^Expected at most 100 bytes \(WATERMARK_MAX_BYTES\), got \d+ in s3:\/\/worker-bucket\/uploads\/x$/,
      ],
    ];
    for (const [what, make, settings, message] of cases) {
      it(what, async () => {
        await upload("uploads/x", await make());
        const error = await expectRejection(
          watermarkImage.handle({ bucket: BUCKET, key: "uploads/x" }, context(local.s3, settings)),
        );
        expect(error).to.be.instanceOf(PermanentJobError);
        expect(error.message).to.match(message);
      });
    }

    it("for a key that does not exist (NoSuchKey)", async () => {
      const error = await expectRejection(
        watermarkImage.handle({ bucket: BUCKET, key: "uploads/gone.jpg" }, context()),
      );
      expect(error).to.be.instanceOf(PermanentJobError);
      expect(error.message).to.equal(
        "HeadObject s3://worker-bucket/uploads/gone.jpg: NotFound (HTTP 404); it does not exist",
      );
    });
  });

  describe("fails with a retryable error", () => {
    let server: Server;
    let status: number;
    beforeEach(async () => {
      // S3 answering 5xx cannot be made to happen in fauxqs: a local server stands in for it.
      server = createServer((_req, res) => {
        res.writeHead(status, { "content-type": "application/xml" });
        res.end(
          `<?xml version="1.0"?><Error><Code>${status === 503 ? "SlowDown" : "InternalError"}</Code><Message>busy</Message></Error>`,
        );
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    });
    afterEach(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    for (const [code, name] of [
      [500, "InternalError"],
      [503, "SlowDown"],
    ] as const) {
      it(`when S3 answers ${code} ${name}`, async () => {
        status = code;
        const { port } = server.address() as AddressInfo;
        const s3 = createS3Client(`http://127.0.0.1:${port}`, 1);
        const error = await expectRejection(
          watermarkImage.handle({ bucket: BUCKET, key: "uploads/photo.jpg" }, context(s3)),
        );
        s3.destroy();
        expect(error).not.to.be.instanceOf(PermanentJobError);
        expect(error.message).to.not.equal("");
      });
    }
  });
});
