import { expect } from "chai";
import { request as httpRequest } from "node:http";
import { readQueueDepth } from "../../src/cli/queue-depth.js";
import { startConsoleUnderTest, type ConsoleUnderTest } from "./support.js";

const VALID_JOB = JSON.stringify({
  type: "send-email",
  payload: { to: "ada@example.com", subject: "Hi", text: "Hello" },
});

/** A raw request, so the test sets Host and Origin exactly as a hostile page's browser would. */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? "GET", headers: options.headers });
    req.on("error", reject);
    req.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    req.end(options.body);
  });
}

describe("the console's protection against other sites", function () {
  this.timeout(20_000);
  let subject: ConsoleUnderTest;

  before(async () => {
    subject = await startConsoleUnderTest();
  });
  after(async () => {
    await subject.stop();
  });

  const post = (headers: Record<string, string>, body = VALID_JOB) =>
    send(`${subject.origin}/api/jobs`, { method: "POST", headers, body });
  const jobsWaiting = async () =>
    (await readQueueDepth(subject.sqs.client, subject.queueUrl)).visible;

  it("listens on the loopback address only", () => {
    expect(new URL(subject.console.url).hostname).to.equal("127.0.0.1");
  });

  it("refuses an action from another origin, even with the token, and enqueues nothing", async () => {
    const answer = await post({
      "content-type": "application/json",
      origin: "https://evil.example",
      "x-console-token": subject.token,
    });
    expect(answer.status).to.equal(403);
    expect(JSON.parse(answer.body)).to.deep.equal({
      error: `Expected the Origin header to be ${subject.origin} or ${subject.origin.replace("127.0.0.1", "localhost")} (actions come from the console's own page), got "https://evil.example"`,
    });
    expect(await jobsWaiting()).to.equal(0);
  });

  it("refuses an action without an Origin header", async () => {
    const answer = await post({
      "content-type": "application/json",
      "x-console-token": subject.token,
    });
    expect(answer.status).to.equal(403);
    expect(JSON.parse(answer.body).error).to.match(/^Expected the Origin header .* got none$/);
    expect(await jobsWaiting()).to.equal(0);
  });

  it("refuses an action from the console's origin without the token, and with a wrong one", async () => {
    const without = await post({ "content-type": "application/json", origin: subject.origin });
    expect(without.status).to.equal(403);
    expect(JSON.parse(without.body).error).to.equal(
      "Expected the x-console-token header to hold this session's token (it is in the console's page), got none",
    );
    const wrong = await post({
      "content-type": "application/json",
      origin: subject.origin,
      "x-console-token": `${subject.token.slice(1)}x`,
    });
    expect(wrong.status).to.equal(403);
    expect(JSON.parse(wrong.body).error).to.match(/got another value$/);
    expect(await jobsWaiting()).to.equal(0);
  });

  it("refuses a form-encoded body (what a cross-site form sends), even with origin and token", async () => {
    const answer = await post(
      {
        "content-type": "application/x-www-form-urlencoded",
        origin: subject.origin,
        "x-console-token": subject.token,
      },
      "type=noop",
    );
    expect(answer.status).to.equal(415);
    expect(await jobsWaiting()).to.equal(0);
  });

  it("refuses every action route the same way: redrive and run a task", async () => {
    for (const path of ["/api/dead-letters/redrive", "/api/tasks/daily-digest/run"]) {
      const answer = await send(`${subject.origin}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example" },
        body: "{}",
      });
      expect(answer.status, path).to.equal(403);
    }
    expect(await jobsWaiting()).to.equal(0);
  });

  it("serves nothing, not even the page with its token, to a request naming another host (DNS rebinding)", async () => {
    for (const path of ["/", "/api/state", "/api/events"]) {
      const answer = await send(`${subject.origin}${path}`, {
        headers: { host: `rebound.example:${new URL(subject.origin).port}` },
      });
      expect(answer.status, path).to.equal(421);
      expect(answer.body).not.to.include(subject.token);
    }
  });

  it("accepts the action from its own page: its origin, its token, JSON", async () => {
    const answer = await post({
      "content-type": "application/json",
      origin: subject.origin,
      "x-console-token": subject.token,
    });
    expect(answer.status, answer.body).to.equal(202);
    expect(JSON.parse(answer.body).messageId).to.be.a("string");
    expect(await jobsWaiting()).to.equal(1);
  });

  it("sends a content security policy that allows no inline script and no framing", async () => {
    const response = await fetch(subject.console.url);
    const policy = response.headers.get("content-security-policy") ?? "";
    expect(policy).to.include("script-src 'self'");
    expect(policy).to.include("frame-ancestors 'none'");
    expect(response.headers.get("x-content-type-options")).to.equal("nosniff");
  });
});
