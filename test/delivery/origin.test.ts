import { expect } from "chai";
import request from "supertest";
import { checkOrigin, isLoopback } from "../../src/delivery/http/origin.js";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { job, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

describe("origin rules", () => {
  describe("isLoopback", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "::1",
      "0:0:0:0:0:0:0:1",
      "::ffff:127.0.0.1",
    ]) {
      it(`accepts ${address}`, () => {
        expect(isLoopback(address)).to.equal(true);
      });
    }
    for (const address of [
      "10.0.0.1",
      "192.168.1.20",
      "::ffff:10.0.0.1",
      "fe80::1",
      "::2",
      "localhost",
      "",
      "128.0.0.1",
    ]) {
      it(`refuses ${JSON.stringify(address)}`, () => {
        expect(isLoopback(address)).to.equal(false);
      });
    }
  });

  // A non-loopback TCP peer cannot be produced here (tests may only send traffic to loopback),
  // so the peer rule is checked on the pure function; the header rules go through HTTP below.
  describe("checkOrigin with a non-loopback TCP peer", () => {
    it("refuses it, naming the peer", () => {
      const refusal = checkOrigin(
        { peer: "10.1.2.3", forwardedFor: undefined, userAgent: "aws-sqsd/3.0.4" },
        { requireSqsdUserAgent: true },
      );
      expect(refusal).to.deep.equal({
        reason: "forbidden-peer",
        message: "Only loopback peers are served; this request came from 10.1.2.3",
      });
    });
  });

  describe("through HTTP", () => {
    it("answers 403 when X-Forwarded-For names a non-loopback client, and keeps serving", async () => {
      const record = recorder();
      const { app } = testWorker({ jobs: [echoJob(record)] });
      const res = await request(app)
        .post("/")
        .set({ ...sqsdHeaders(), "X-Forwarded-For": "127.0.0.1, 203.0.113.9" })
        .send(job("echo", { n: 1 }));
      expect(res.status).to.equal(403);
      expect(res.body).to.deep.equal({
        outcome: "rejected",
        reason: "forbidden-forwarded-for",
        message:
          "Only loopback clients are served through the proxy; X-Forwarded-For names 203.0.113.9",
      });
      expect(record.calls).to.have.length(0);
      await request(app)
        .post("/")
        .set(sqsdHeaders())
        .send(job("echo", { n: 1 }))
        .expect(200);
    });

    it("answers 403 when the User-Agent is not sqsd's", async () => {
      const { app } = testWorker({ jobs: [echoJob(recorder())] });
      const res = await request(app)
        .post("/")
        .set({ ...sqsdHeaders(), "User-Agent": "curl/8.5.0" })
        .send(job("echo", { n: 1 }));
      expect(res.status).to.equal(403);
      expect(res.body.reason).to.equal("forbidden-user-agent");
      expect(res.body.message).to.equal(
        'Expected a User-Agent starting with "aws-sqsd", got "curl/8.5.0" (set WORKER_REQUIRE_SQSD_USER_AGENT=false for local development)',
      );
    });

    it("accepts any User-Agent when the rule is disabled for local development", async () => {
      const { app } = testWorker({
        jobs: [echoJob(recorder())],
        env: { WORKER_REQUIRE_SQSD_USER_AGENT: "false" },
      });
      await request(app)
        .post("/")
        .set({ ...sqsdHeaders(), "User-Agent": "curl/8.5.0" })
        .send(job("echo", { n: 1 }))
        .expect(200);
    });

    it("accepts any sqsd version", async () => {
      const { app } = testWorker({ jobs: [echoJob(recorder())] });
      await request(app)
        .post("/")
        .set(sqsdHeaders({ sqsdVersion: "2.0" }))
        .send(job("echo", { n: 1 }))
        .expect(200);
    });
  });

  describe("GET /health", () => {
    it("answers 200 with no sqsd headers, with helmet's headers", async () => {
      const { app } = testWorker();
      const res = await request(app).get("/health").expect(200);
      expect(res.body).to.deep.equal({ status: "ok" });
      expect(res.headers["x-content-type-options"]).to.equal("nosniff");
      expect(res.headers["x-powered-by"]).to.equal(undefined);
    });

    it("still refuses a non-loopback X-Forwarded-For", async () => {
      const { app } = testWorker();
      await request(app).get("/health").set("X-Forwarded-For", "198.51.100.7").expect(403);
    });
  });
});
