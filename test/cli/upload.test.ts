import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeLocalState } from "../../src/local/local-state.js";
import { startLocalS3, type LocalS3 } from "../support/s3.js";
import { cli } from "./support.js";

describe("sqs-worker upload", () => {
  let local: LocalS3;
  let folder: string;
  let photo: string;
  beforeEach(async () => {
    local = await startLocalS3();
    await local.createBucket("worker-bucket");
    folder = mkdtempSync(join(tmpdir(), "sqs-worker-upload-"));
    photo = join(folder, "photo.jpg");
    writeFileSync(photo, "jpeg bytes");
  });
  afterEach(() => local.stop());

  async function stored(key: string) {
    const object = await local.s3.send(new GetObjectCommand({ Bucket: "worker-bucket", Key: key }));
    return { type: object.ContentType, body: await object.Body?.transformToString() };
  }

  it("puts the file under uploads/ in WORKER_BUCKET with its content type, and prints where", async () => {
    const run = await cli(["upload", photo], {
      S3_ENDPOINT: local.endpoint,
      WORKER_BUCKET: "worker-bucket",
    });
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal("s3://worker-bucket/uploads/photo.jpg\n");
    expect(await stored("uploads/photo.jpg")).to.deep.equal({
      type: "image/jpeg",
      body: "jpeg bytes",
    });
  });

  it("uses the embedded S3 and bucket of a running npm run local without flags", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-local-"));
    await writeLocalState(cwd, {
      endpoint: local.endpoint,
      queueUrl: `${local.endpoint}/000000000000/q`,
      deadLetterQueueUrl: `${local.endpoint}/000000000000/d`,
      bucket: "worker-bucket",
      appUrl: "http://127.0.0.1:8080",
      pid: process.pid,
    });
    const run = await cli(["upload", photo, "--key", "uploads/other name.jpg"], {}, { cwd });
    expect(run.code, run.stderr).to.equal(0);
    expect((await stored("uploads/other name.jpg")).body).to.equal("jpeg bytes");
  });

  it("with --wait, prints the watermarked copy's location once it exists", async () => {
    // The worker is not running here: the copy is put in place by the test, as the worker would.
    await local.s3.send(
      new PutObjectCommand({
        Bucket: "worker-bucket",
        Key: "watermarked/uploads/photo.jpg",
        Body: "done",
      }),
    );
    const run = await cli([
      "upload",
      photo,
      "--wait",
      "5",
      "--bucket",
      "worker-bucket",
      "--s3-endpoint",
      local.endpoint,
    ]);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).to.equal(
      "s3://worker-bucket/uploads/photo.jpg\ns3://worker-bucket/watermarked/uploads/photo.jpg\n",
    );
  });

  const refusals: [string, string[], number, string][] = [
    ["no file", ["upload"], 2, "Expected one <file>, got 0 argument(s)"],
    [
      "a bad --wait",
      ["upload", "x.jpg", "--wait", "soon"],
      2,
      'Expected --wait to be a whole number of seconds from 1 to 600, got "soon"',
    ],
  ];
  for (const [what, args, code, message] of refusals) {
    it(`exits ${code} for ${what}`, async () => {
      const run = await cli(args);
      expect(run.code).to.equal(code);
      expect(run.stderr).to.include(message);
    });
  }

  it("exits 1 naming the missing file", async () => {
    const run = await cli(["upload", join(folder, "gone.jpg"), "--bucket", "b"]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/^sqs-worker: Expected a readable file, got .*gone\.jpg: ENOENT/);
  });

  it("exits 1 when no bucket is known", async () => {
    const run = await cli(["upload", photo]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.include(
      "Expected a bucket from --bucket or $WORKER_BUCKET (or a running `npm run local`), got none",
    );
  });
});
