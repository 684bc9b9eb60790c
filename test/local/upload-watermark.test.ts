import { GetObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { textMark } from "../../src/images/mark.js";
import { placeMark, scaleMark } from "../../src/images/placement.js";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { difference, gradient } from "../images/pictures.js";
import { cli } from "../cli/support.js";
import { freePort } from "../support/free-port.js";

describe("npm run local with `upload` (S3 notification → watermark-image, end to end)", function () {
  this.timeout(60_000);
  let loop: LocalLoop | undefined;

  beforeEach(async () => {
    loop = await startLocalLoop({
      cwd: process.cwd(),
      sqsPort: 0,
      appPort: await freePort(),
      appCommand: [process.execPath, "--import", "tsx", "src/server.ts"],
      env: { PATH: process.env.PATH, LOG_LEVEL: "warn" },
      log: () => {},
      writeState: false,
    });
  });
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
  });

  it("watermarks an uploaded 1024×768 JPEG into watermarked/ in the local bucket", async () => {
    const { queues } = loop!;
    const jpeg = await gradient(1024, 768);
    const file = join(mkdtempSync(join(tmpdir(), "sqs-worker-e2e-")), "photo.jpg");
    writeFileSync(file, jpeg);

    const run = await cli([
      "upload",
      file,
      "--bucket",
      queues.bucket,
      "--s3-endpoint",
      queues.endpoint,
      "--wait",
      "30",
    ]);

    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout.split("\n")[1]).to.equal(
      `s3://${queues.bucket}/watermarked/uploads/photo.jpg`,
    );
    const output = await queues.s3.send(
      new GetObjectCommand({ Bucket: queues.bucket, Key: "watermarked/uploads/photo.jpg" }),
    );
    const body = Buffer.from(await output.Body!.transformToByteArray());
    const metadata = await sharp(body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).to.deep.equal(["jpeg", 1024, 768]);
    const image = { width: 1024, height: 768 };
    const area = placeMark(image, scaleMark(image, textMark("sqs-worker").aspect, 30), "southeast");
    const changed = await difference(jpeg, body, area, 16);
    expect(changed.inside).to.be.greaterThan(30);
    expect(changed.farOutside).to.be.lessThan(4);
  });
});
