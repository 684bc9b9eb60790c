/**
 * enrich-contact end to end with real time: fauxqs (queue and S3), the local sqsd and the worker
 * app, against a local API that throttles once. The delayed copy's wait is SQS's own, measured
 * from the first call to the second; the daemon's ErrorVisibilityTimeout is 1 s, so an ordinary
 * retry would show as a second call about 1 s later.
 */
import { CreateBucketCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { enrichContact } from "../../src/jobs/enrich-contact.js";
import { deletedCount } from "../daemon/support.js";
import { startRetryRig, type RetryRig } from "../retry/support.js";
import { PROFILE, startEnrichmentApi, type EnrichmentApiServer } from "./enrichment-api-server.js";

describe("enrich-contact through the local sqsd", function () {
  // A real 5 s delay in SQS, plus polling and the app's answers.
  this.timeout(20_000);
  let api: EnrichmentApiServer;
  let rig: RetryRig;
  let s3: S3Client;

  beforeEach(async () => {
    api = await startEnrichmentApi();
    rig = await startRetryRig({
      jobs: [enrichContact],
      compressDelays: false,
      env: (endpoint) => ({
        S3_ENDPOINT: endpoint,
        WORKER_BUCKET: "worker-files",
        ENRICHMENT_API_URL: api.url,
      }),
    });
    s3 = new S3Client({
      endpoint: rig.sqs.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: "worker-files" }));
  });

  afterEach(async () => {
    s3.destroy();
    await rig.stop();
    await api.close();
  });

  it("retries a 429 with Retry-After: 5 through a copy SQS delays at least 5 s, not after ErrorVisibilityTimeout", async () => {
    api.answer({ status: 429, headers: { "retry-after": "5" } }, { status: 200, body: PROFILE });
    const { events } = await rig.startDaemon();
    const statuses: number[] = [];
    events.on("posted", (event) => statuses.push(event.status));
    const deleted = deletedCount(events, 2);
    await rig.send(
      JSON.stringify({
        type: "enrich-contact",
        payload: { contactId: "c-9", email: "ada@example.com" },
      }),
    );
    const [first, second] = await Promise.all([api.requestNumber(1), api.requestNumber(2)]);
    await deleted;

    expect(second.atMs - first.atMs).to.be.at.least(5000);
    expect(statuses).to.deep.equal([200, 200]);
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([5]);
    const stored = await s3.send(
      new HeadObjectCommand({ Bucket: "worker-files", Key: "contacts/c-9.json" }),
    );
    expect(stored.ContentType).to.equal("application/json");
  });
});
