import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalLoop } from "../../src/local/local-loop.js";
import { freePort } from "../support/free-port.js";

/** True when something still listens on the port. */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** A stand-in for the app: answers 200 on /health, on $PORT. */
const HEALTHY_APP = [
  process.execPath,
  "-e",
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
];

describe("npm run local when the start fails", function () {
  this.timeout(20_000);
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
  });

  it("stops the app child and the queues when a step after the app's start fails", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-local-"));
    writeFileSync(
      join(cwd, "cron.yaml"),
      "version: 1\ncron:\n  - name: x\n    url: /x\n    schedule: '* * * * * *'\n",
    );
    const appPort = await freePort();
    const sqsPort = await freePort();
    const started = startLocalLoop({
      cwd,
      sqsPort,
      appPort,
      appCommand: HEALTHY_APP,
      env: { PATH: process.env.PATH },
      log: (line) => lines.push(line),
      behindNginx: false,
      writeState: false,
    });
    await started.then(
      () => expect.fail("Expected the start to fail on the six-field schedule"),
      (error: unknown) => {
        expect(String(error)).to.include("cron.yaml");
      },
    );
    expect(await answers(appPort), "the app child still answers").to.equal(false);
    expect(await answers(sqsPort), "the embedded SQS still answers").to.equal(false);
  });

  it("fails at once, quoting its stderr, when the app exits before it is ready", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-local-"));
    const sqsPort = await freePort();
    const startedAt = Date.now();
    const started = startLocalLoop({
      cwd,
      sqsPort,
      appPort: await freePort(),
      appCommand: [
        process.execPath,
        "-e",
        "console.error('cron.yaml:5: expected 5 fields, got 6'); process.exit(1)",
      ],
      env: { PATH: process.env.PATH },
      log: (line) => lines.push(line),
      behindNginx: false,
      writeState: false,
    });
    await started.then(
      () => expect.fail("Expected the start to fail"),
      (error: unknown) => {
        expect((error as Error).message).to.match(
          /^Expected the app to answer 200 at http:\/\/127\.0\.0\.1:\d+\/health, got it exiting with code 1 before that; its stderr:\n {2}cron\.yaml:5: expected 5 fields, got 6$/,
        );
      },
    );
    expect(Date.now() - startedAt).to.be.below(10_000);
    expect(lines.join("\n")).not.to.include("restarting");
    expect(await answers(sqsPort), "the embedded SQS still answers").to.equal(false);
  });
});
