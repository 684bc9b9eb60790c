import { expect } from "chai";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { localBanner } from "../../src/local/banner.js";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { localStatePath } from "../../src/local/local-state.js";
import { freePort } from "../support/free-port.js";

/** A stand-in for the app (the real one is tested in local-loop.test.ts): 200 on /health, on $PORT. */
const HEALTHY_APP = [
  process.execPath,
  "-e",
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
];

describe("a second npm run local beside a running one", function () {
  this.timeout(30_000);
  let cwd: string;
  let first: LocalLoop | undefined;
  let second: LocalLoop | undefined;

  async function start(appPort: number): Promise<LocalLoop> {
    return startLocalLoop({
      cwd,
      sqsPort: 0,
      appPort,
      appCommand: HEALTHY_APP,
      env: { PATH: process.env.PATH },
      log: () => undefined,
      behindNginx: false,
    });
  }

  beforeEach(async () => {
    cwd = mkdtempSync(join(tmpdir(), "sqs-worker-local-"));
    first = await start(await freePort());
  });
  afterEach(async () => {
    await second?.stop();
    await first?.stop();
    first = second = undefined;
  });

  it("refuses at once, naming the app port that is taken, and leaves the first loop alone", async () => {
    const taken = first!.appUrl.split(":").pop() ?? "";
    const stateBefore = readFileSync(localStatePath(cwd), "utf8");
    const startedAt = Date.now();
    await start(Number(taken)).then(
      (loop) => {
        second = loop;
        expect.fail("Expected the second loop to refuse the taken app port");
      },
      (error: unknown) => {
        expect((error as Error).message).to.equal(
          `Expected port ${taken} to be free for the app, got it in use (another npm run local? choose another with --app-port or PORT)`,
        );
      },
    );
    expect(Date.now() - startedAt).to.be.below(5000);
    expect(readFileSync(localStatePath(cwd), "utf8")).to.equal(stateBefore);
    const health = await fetch(`${first!.appUrl}/health`);
    expect(health.status).to.equal(200);
  });

  it("runs on other ports without touching the first loop's state file, even when it stops", async () => {
    const stateBefore = readFileSync(localStatePath(cwd), "utf8");
    second = await start(await freePort());
    expect(readFileSync(localStatePath(cwd), "utf8")).to.equal(stateBefore);
    await second.stop();
    second = undefined;
    expect(readFileSync(localStatePath(cwd), "utf8")).to.equal(stateBefore);
  });

  it("prints the app's PID in the banner", () => {
    const pid = first!.app.pid;
    expect(pid).to.be.a("number");
    expect(localBanner(first!)).to.match(
      new RegExp(`worker app +http://127\\.0\\.0\\.1:\\d+ \\(POST /, pid ${pid}\\)`),
    );
  });
});
