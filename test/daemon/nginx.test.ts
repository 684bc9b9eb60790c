import { expect } from "chai";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadNginxEmulation } from "../../src/daemon/nginx-emulation.js";
import { FIXTURE_DEPLOYMENT } from "../deploy/support/project-copy.js";
import { startHarness, type Harness, type HarnessOptions } from "./harness.js";
import { answerStatus, deletedCount, nextEvent, type Answer } from "./support.js";

describe("daemon behind an emulated nginx", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  const nginx = { readTimeoutSeconds: 1, maxBodyBytes: 100 };
  function start(answer: Answer, extra: Partial<HarnessOptions> = {}): Promise<Harness> {
    return startHarness({
      answer,
      behaviour: { inactivityTimeout: 5, errorVisibilityTimeout: 7 },
      daemon: { nginx },
      ...extra,
    });
  }

  it("answers 413 for a body over client_max_body_size, without reaching the app", async () => {
    harness = await start(answerStatus(200));
    const httpError = nextEvent(harness.events, "http-error");
    const changed = nextEvent(harness.events, "visibility-changed");
    await harness.send("x".repeat(101));
    const [event] = await httpError;
    expect(event.status).to.equal(413);
    expect((await changed)[1]).to.equal(7);
    expect(harness.app.requests.length).to.equal(0);
  });

  it("answers 504 when the app is silent for proxy_read_timeout, before InactivityTimeout", async () => {
    harness = await start(() => undefined);
    const httpError = nextEvent(harness.events, "http-error");
    await harness.send("{}");
    const [event] = await httpError;
    expect(event.status).to.equal(504);
    expect(event.seconds, `expected at least 1 s, got ${event.seconds}`).to.be.at.least(1);
  });

  it("answers 502 when the app is down", async () => {
    harness = await start(answerStatus(200));
    await harness.app.close();
    const httpError = nextEvent(harness.events, "http-error");
    await harness.send("{}");
    expect((await httpError)[0].status).to.equal(502);
  });

  it("adds nginx's X-Real-IP and X-Forwarded-For, so the app sees what it sees behind nginx", async () => {
    harness = await start(answerStatus(200));
    const deleted = deletedCount(harness.events, 1);
    await harness.send("{}");
    await deleted;
    const request = harness.app.requests[0]!;
    expect(request.headers["x-real-ip"]).to.equal("127.0.0.1");
    expect(request.headers["x-forwarded-for"]).to.equal("127.0.0.1");
    expect(request.headers.host).to.equal("localhost");
  });

  it("reads proxy_read_timeout and client_max_body_size from .platform/nginx/conf.d, else nginx's defaults", async () => {
    const confD = join(FIXTURE_DEPLOYMENT, ".platform", "nginx", "conf.d");
    expect(await loadNginxEmulation(confD)).to.deep.equal({
      readTimeoutSeconds: 360,
      maxBodyBytes: 2 * 1024 * 1024,
    });
    expect(await loadNginxEmulation(join(tmpdir(), "no-such-conf-d"))).to.deep.equal({
      readTimeoutSeconds: 60,
      maxBodyBytes: 1024 * 1024,
    });
  });
});
