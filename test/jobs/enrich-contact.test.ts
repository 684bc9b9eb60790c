/**
 * enrich-contact through the worker app (supertest plays sqsd) against a real local HTTP API
 * (node:http on port 0), with fauxqs serving the worker queue, the dead-letter queue and S3.
 */
import { CreateBucketCommand, GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { Writable } from "node:stream";
import { pino } from "pino";
import { CircuitBreakers } from "../../src/enrichment/circuit-breaker.js";
import { enrichContact } from "../../src/jobs/enrich-contact.js";
import type { Logger } from "../../src/logger.js";
import { postJob } from "../support/sqsd-request.js";
import { testConfig } from "../support/worker.js";
import { startRetryRig, type RetryRig } from "../retry/support.js";
import { PROFILE, startEnrichmentApi, type EnrichmentApiServer } from "./enrichment-api-server.js";

const API_KEY = "sk-live-9f8e7d6c5b4a-do-not-log";
const BUCKET = "worker-files";
const CONTACT = { contactId: "c-1", email: "ada@example.com" };

interface LogLine {
  level: number;
  msg: string;
}

describe("enrich-contact", function () {
  let api: EnrichmentApiServer;
  let rig: RetryRig;
  let s3: S3Client;
  let now: number;
  let logger: Logger;
  const logLines: string[] = [];

  beforeEach(async () => {
    logLines.length = 0;
    now = Date.parse("2026-11-27T12:00:00Z");
    api = await startEnrichmentApi();
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString("utf8"));
        done();
      },
    });
    logger = pino({ level: "trace", base: undefined }, capture);
    rig = await startRetryRig({
      jobs: [enrichContact],
      env: (endpoint) => ({
        S3_ENDPOINT: endpoint,
        WORKER_BUCKET: BUCKET,
        ENRICHMENT_API_URL: api.url,
        ENRICHMENT_API_KEY: API_KEY,
        ENRICHMENT_BREAKER_FAILURES: "2",
        ENRICHMENT_BREAKER_OPEN_SECONDS: "30",
      }),
      clients: { "circuit-breakers": new CircuitBreakers(() => now) },
      logger,
    });
    s3 = new S3Client({
      endpoint: rig.sqs.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "test", secretAccessKey: "test" },
    });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  });

  afterEach(async () => {
    s3.destroy();
    await rig.stop();
    await api.close();
  });

  const enrich = (contact = CONTACT) => postJob(rig.worker.app, "enrich-contact", contact);
  const parsedLog = () => logLines.map((line) => JSON.parse(line) as LogLine);

  async function storedContact(contactId: string): Promise<Record<string, unknown>> {
    const object = await s3.send(
      new GetObjectCommand({ Bucket: BUCKET, Key: `contacts/${contactId}.json` }),
    );
    return JSON.parse((await object.Body?.transformToString()) ?? "") as Record<string, unknown>;
  }

  it("stores a 2xx answer's profile as JSON under contacts/, having sent the key as a bearer token", async () => {
    const response = await enrich();
    expect(response.body).to.include({ reason: "completed" });
    const stored = await storedContact("c-1");
    // Fields outside the response schema (internalScore) are dropped.
    const expected = {
      email: PROFILE.email,
      fullName: PROFILE.fullName,
      title: PROFILE.title,
      company: PROFILE.company,
    };
    expect(stored).to.deep.include({
      contactId: "c-1",
      email: "ada@example.com",
      profile: expected,
    });
    expect(api.requests.length).to.equal(1);
    expect(api.requests[0]?.method).to.equal("POST");
    expect(api.requests[0]?.headers.authorization).to.equal(`Bearer ${API_KEY}`);
    expect(JSON.parse(api.requests[0]?.body ?? "")).to.deep.equal({ email: "ada@example.com" });
  });

  for (const status of [400, 404, 422]) {
    it(`parks the job at once when the API answers ${status}`, async () => {
      api.answer({ status, body: { error: "no such person" } });
      const response = await enrich();
      expect(response.body).to.deep.include({
        reason: "parked",
        parkedFor: "permanent-failure",
        message: `Parked in the dead-letter queue: The enrichment API ${new URL(api.url).origin} answered ${status}: the request is refused and a retry cannot change that`,
      });
      expect(rig.copies).to.deep.equal([]);
    });
  }

  it("parks a 2xx answer that breaks the response schema, naming the broken field", async () => {
    api.answer({ status: 200, body: { email: "not an address" } });
    const response = await enrich();
    expect(response.body.parkedFor).to.equal("permanent-failure");
    expect(response.body.message).to.contain("a profile that breaks the expected schema: email:");
  });

  for (const status of [401, 403]) {
    it(`retries a ${status} with the policy and logs at error level that ENRICHMENT_API_KEY is the problem`, async () => {
      api.answer({ status });
      const response = await enrich();
      expect(response.body).to.include({ reason: "retry-scheduled" });
      const errors = parsedLog().filter((line) => line.level === 50);
      expect(errors.map((line) => line.msg)).to.include(
        `The enrichment API ${new URL(api.url).origin} answered ${status}: check ENRICHMENT_API_KEY (missing, wrong or without access); retrying until it is fixed`,
      );
    });
  }

  for (const answer of [{ status: 408 }, { status: 500 }, { status: 503 }]) {
    it(`retries a ${answer.status} through a delayed copy after the policy's first backoff (30 s less up to 20 % jitter)`, async () => {
      api.answer(answer);
      const response = await enrich();
      expect(response.body).to.include({ reason: "retry-scheduled" });
      const [delay] = rig.copies.map((copy) => copy.delaySeconds ?? 0);
      expect(delay).to.be.within(24, 30);
    });
  }

  it("retries when the API cannot be reached at all", async () => {
    await api.close();
    const response = await enrich();
    expect(response.body).to.include({ reason: "retry-scheduled" });
    expect(response.body.message).to.match(/^Attempt 1 of 8 failed \(TypeError: fetch failed\)/);
  });

  it("retries a 429 after its Retry-After instead of the backoff", async () => {
    api.answer({ status: 429, headers: { "retry-after": "5" } });
    const response = await enrich();
    expect(response.body).to.include({ reason: "retry-scheduled" });
    expect(rig.copies.map((copy) => copy.delaySeconds)).to.deep.equal([5]);
  });

  it("opens the circuit after the configured failures, stops calling the API, and closes it again after a good trial", async () => {
    api.answer({ status: 503 });
    await enrich().expect(200);
    await enrich().expect(200);
    expect(parsedLog().map((line) => line.msg)).to.include("circuit for the enrichment API opened");

    now += 10_000;
    const refused = await enrich();
    expect(api.requests.length).to.equal(2);
    expect(refused.body.message).to.contain("The circuit for the enrichment API");
    // The copy comes back when the circuit may let a trial through: 20 s later.
    expect(rig.copies.map((copy) => copy.delaySeconds))
      .to.have.length(3)
      .and.to.include(20);

    now += 20_000;
    api.answer({ status: 200, body: PROFILE });
    await enrich().expect(200);
    expect(api.requests.length).to.equal(3);
    expect(parsedLog().map((line) => line.msg)).to.include("circuit for the enrichment API closed");
    await enrich({ contactId: "c-2", email: "ada@example.com" }).expect(200);
    expect(api.requests.length).to.equal(4);
  });

  it("never writes the API key to the log, whatever the API answers", async () => {
    for (const answer of [
      { status: 200, body: PROFILE },
      { status: 401 },
      { status: 403 },
      { status: 500 },
      { status: 429, headers: { "retry-after": "5" } },
      { status: 400 },
      { status: 200, body: "not json" },
    ]) {
      api.answer(answer);
      await enrich();
    }
    // Even the settings themselves, logged whole, show the key as [redacted].
    const { jobSettings } = testConfig(
      { ENRICHMENT_API_KEY: API_KEY },
      { jobs: [enrichContact], tasks: [] },
    );
    logger.info({ jobSettings }, "settings");
    expect(logLines.at(-1)).to.contain('"apiKey":"[redacted]"');
    expect(logLines.length).to.be.greaterThan(7);
    expect(logLines.filter((entry) => entry.includes(API_KEY))).to.deep.equal([]);
  });
});
