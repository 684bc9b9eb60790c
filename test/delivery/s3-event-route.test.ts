import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import request from "supertest";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { s3EventRules } from "../../src/s3-events/rules.js";
import { sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "s3-events");

/** Stands in for the real watermark-image (tested on its own): records what it was given. */
function recordingWatermark(calls: unknown[]) {
  return defineJob({
    name: "watermark-image",
    payload: z.strictObject({ bucket: z.string(), key: z.string() }),
    handle(payload) {
      calls.push(payload);
      return Promise.resolve();
    },
  });
}

function worker(calls: unknown[]) {
  return testWorker({
    jobs: [recordingWatermark(calls)],
    s3EventRules,
    env: { WORKER_BUCKET: "amzn-s3-demo-bucket" },
  });
}

function post(app: ReturnType<typeof testWorker>["app"], fixture: string) {
  return request(app)
    .post("/")
    .set(sqsdHeaders())
    .send(readFileSync(join(FIXTURES, fixture), "utf8"));
}

describe("POST / with an S3 event notification", () => {
  it("runs the job its rule names, with the decoded key, and answers 200", async () => {
    const calls: unknown[] = [];
    const res = await post(worker(calls).app, "object-created-put.json");
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ outcome: "ok", reason: "completed", message: "Completed" });
    expect(calls).to.deep.equal([
      { bucket: "amzn-s3-demo-bucket", key: "uploads/Happy Face (2).jpg" },
    ]);
  });

  it("runs it the same when the event came through SNS", async () => {
    const calls: unknown[] = [];
    await post(worker(calls).app, "via-sns.json").expect(200);
    expect(calls).to.have.length(1);
  });

  it("acknowledges s3:TestEvent with 200 and an outcome saying it was ignored", async () => {
    const calls: unknown[] = [];
    const res = await post(worker(calls).app, "test-event.json");
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.include({ outcome: "ok", reason: "ignored" });
    expect(calls).to.deep.equal([]);
  });

  it("refuses an event no rule covers as unknown-job-type (parked when a DLQ is set)", async () => {
    const calls: unknown[] = [];
    const { app } = testWorker({ jobs: [recordingWatermark(calls)], s3EventRules });
    const res = await post(app, "object-created-put.json");
    expect(res.status).to.equal(422);
    expect(res.body).to.deep.include({ outcome: "rejected", reason: "unknown-job-type" });
    expect(calls).to.deep.equal([]);
  });
});
