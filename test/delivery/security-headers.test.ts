import { expect } from "chai";
import express from "express";
import helmet from "helmet";
import request from "supertest";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { postJob, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

/** Headers Node.js and the JSON body add to every response, helmet or not. */
const NOT_HELMETS = new Set(["content-type", "content-length", "date", "connection", "keep-alive"]);

/** What helmet() itself sets, read from a bare Express app that runs its middleware. */
async function helmetsOwnHeaders(): Promise<Record<string, string>> {
  const plain = express();
  plain.disable("x-powered-by");
  plain.use(helmet());
  plain.get("/", (_req, res) => {
    res.end();
  });
  const res = await request(plain).get("/").expect(200);
  return Object.fromEntries(
    Object.entries(res.headers as Record<string, string>).filter(
      ([name]) => !NOT_HELMETS.has(name),
    ),
  );
}

function helmetPart(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_HELMETS.has(name)));
}

describe("helmet's headers", () => {
  it("are on every kind of response, exactly as helmet sets them, and nothing else is added", async () => {
    const expected = await helmetsOwnHeaders();
    expect(Object.keys(expected)).to.include.members([
      "content-security-policy",
      "strict-transport-security",
      "x-content-type-options",
      "x-frame-options",
    ]);
    const { app } = testWorker({
      jobs: [echoJob(recorder())],
      env: { WORKER_BODY_LIMIT_BYTES: "64" },
    });
    const responses = [
      await postJob(app, "echo", { n: 1 }).expect(200),
      await postJob(app, "echo", { n: "x".repeat(100) }).expect(413),
      await postJob(app, "nope", {}).expect(422),
      await request(app).get("/health").expect(200),
      await request(app).post("/wrong").set(sqsdHeaders()).send("{}").expect(404),
      await request(app).post("/").send("{}").expect(403),
    ];
    for (const res of responses) {
      expect(helmetPart(res.headers), `status ${res.status}`).to.deep.equal(expected);
      expect(res.headers["content-type"]).to.equal("application/json; charset=utf-8");
    }
  });
});
