import { PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import { startEmbeddedQueues, type EmbeddedQueues } from "../../src/local/embedded-queues.js";
import { createS3Notifier, uploadOf, type S3Notifier } from "../../src/local/s3-notifications.js";
import { resolveS3EventRules } from "../../src/s3-events/define-rule.js";
import { routeS3Event } from "../../src/s3-events/route-s3-event.js";
import { s3EventRules } from "../../src/s3-events/rules.js";

describe("npm run local's S3 notifications", () => {
  let queues: EmbeddedQueues;
  let notifier: S3Notifier;
  const lines: string[] = [];
  beforeEach(async () => {
    queues = await startEmbeddedQueues({ port: 0, maxRetries: 3, visibilityTimeout: 30 });
    notifier = createS3Notifier({
      s3: queues.s3,
      sqs: queues.sqs,
      queueUrl: queues.queueUrl,
      filter: { bucket: queues.bucket, prefix: "uploads/", suffixes: [".jpg", ".png"] },
      log: (line) => lines.push(line),
    });
    queues.observe((request) => {
      notifier.observe(request);
    });
  });
  afterEach(async () => {
    await notifier.settled();
    await queues.stop();
  });

  async function put(s3: S3Client, key: string): Promise<void> {
    await s3.send(new PutObjectCommand({ Bucket: queues.bucket, Key: key, Body: "image bytes" }));
  }

  async function receiveBodies(): Promise<string[]> {
    const { Messages = [] } = await queues.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queues.queueUrl, MaxNumberOfMessages: 10 }),
    );
    return Messages.map((message) => message.Body ?? "");
  }

  it("puts an S3 event on the worker queue for an upload under uploads/, which the app's rule routes with the key decoded", async () => {
    await put(queues.s3, "uploads/my summer+photo.jpg");
    await notifier.settled();

    const [body, ...more] = await receiveBodies();
    expect(more).to.deep.equal([]);
    const event = JSON.parse(body ?? "") as {
      Records: { eventName: string; s3: { object: { key: string; size: number; eTag: string } } }[];
    };
    expect(event.Records[0]?.eventName).to.equal("ObjectCreated:Put");
    expect(event.Records[0]?.s3.object).to.include({
      key: "uploads/my+summer%2Bphoto.jpg",
      size: 11,
    });
    const rules = resolveS3EventRules(s3EventRules, queues.bucket, new Set(["watermark-image"]));
    const routed = routeS3Event(Buffer.from(body ?? ""), rules);
    expect(routed?.kind === "job" && routed.parsed.envelope).to.deep.include({
      type: "watermark-image",
      payload: { bucket: queues.bucket, key: "uploads/my summer+photo.jpg" },
    });
  });

  it("notifies nothing for uploads the filter does not cover (another prefix, another suffix)", async () => {
    await put(queues.s3, "watermarked/uploads/a.jpg");
    await put(queues.s3, "uploads/notes.txt");
    await notifier.settled();

    expect(await receiveBodies()).to.deep.equal([]);
  });

  it("sends S3's s3:TestEvent for the bucket", async () => {
    await notifier.sendTestEvent();

    const [body] = await receiveBodies();
    expect(JSON.parse(body ?? "")).to.include({
      Service: "Amazon S3",
      Event: "s3:TestEvent",
      Bucket: queues.bucket,
    });
  });

  describe("which requests are uploads", () => {
    const cases: [string, Parameters<typeof uploadOf>[0], ReturnType<typeof uploadOf>][] = [
      [
        "a PutObject",
        { method: "PUT", url: "/b/uploads/a%20b.jpg?x-id=PutObject", headers: {}, statusCode: 200 },
        { how: "Put", bucket: "b", key: "uploads/a b.jpg" },
      ],
      [
        "a CopyObject",
        {
          method: "PUT",
          url: "/b/uploads/c.jpg",
          headers: { "x-amz-copy-source": "b/x" },
          statusCode: 200,
        },
        { how: "Copy", bucket: "b", key: "uploads/c.jpg" },
      ],
      [
        "a CompleteMultipartUpload",
        { method: "POST", url: "/b/uploads/big.jpg?uploadId=1", headers: {}, statusCode: 200 },
        { how: "CompleteMultipartUpload", bucket: "b", key: "uploads/big.jpg" },
      ],
      [
        "an UploadPart",
        { method: "PUT", url: "/b/k?partNumber=1&uploadId=1", headers: {}, statusCode: 200 },
        undefined,
      ],
      ["a CreateBucket", { method: "PUT", url: "/b/", headers: {}, statusCode: 200 }, undefined],
      [
        "a failed PutObject",
        { method: "PUT", url: "/b/k", headers: {}, statusCode: 404 },
        undefined,
      ],
      ["a GetObject", { method: "GET", url: "/b/k", headers: {}, statusCode: 200 }, undefined],
    ];
    for (const [what, request, expected] of cases) {
      it(`reads ${what} as ${expected ? expected.how : "no upload"}`, () => {
        expect(uploadOf(request)).to.deep.equal(expected);
      });
    }
  });
});
