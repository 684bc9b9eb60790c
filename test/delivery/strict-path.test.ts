/**
 * sqsd POSTs to exactly HttpPath; a path that only looks like it (a slash more, found by the
 * reliability suite's fuzz) is not a delivery and must not run a job.
 */
import { expect } from "chai";
import request from "supertest";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { job, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

describe("the job route's path", () => {
  for (const [path, httpPath] of [
    ["//", "/"],
    ["/worker/", "/worker"],
  ] as const) {
    it(`answers 404 not-found for POST ${path} when HttpPath is ${httpPath}, without running the job`, async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)], env: { WORKER_HTTP_PATH: httpPath } });
      const res = await request(app)
        .post(path)
        .set(sqsdHeaders())
        .send(job("echo", { n: 1 }));
      expect(res.status).to.equal(404);
      expect(res.body.reason).to.equal("not-found");
      expect(record.calls).to.have.length(0);
    });
  }
});
