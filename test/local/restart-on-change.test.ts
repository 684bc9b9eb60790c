import { expect } from "chai";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalLoop, type LocalLoop } from "../../src/local/local-loop.js";
import { freePort } from "../support/free-port.js";

/**
 * A stand-in for the app (the real one takes seconds to start under tsx): it refuses to start
 * while src/broken exists, as an app with a syntax error would, and answers 200 on /health.
 */
const APP_THAT_READS_SRC = [
  process.execPath,
  "-e",
  "if (require('node:fs').existsSync('src/broken')) { console.error('SyntaxError: Unexpected token'); process.exit(1) }" +
    " require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')",
];

describe("npm run local when a file changes", function () {
  this.timeout(30_000);
  let cwd: string;
  let loop: LocalLoop | undefined;
  let lines: string[];
  let waiters: { pattern: RegExp; resolve: (line: string) => void }[];

  /** Resolves with the first line logged from now on that matches. */
  function nextLine(pattern: RegExp): Promise<string> {
    return new Promise((resolve) => waiters.push({ pattern, resolve }));
  }

  beforeEach(async () => {
    cwd = mkdtempSync(join(tmpdir(), "sqs-worker-watch-"));
    mkdirSync(join(cwd, "src"));
    writeFileSync(join(cwd, "src", "job.ts"), "export {};\n");
    lines = [];
    waiters = [];
    loop = await startLocalLoop({
      cwd,
      sqsPort: 0,
      appPort: await freePort(),
      appCommand: APP_THAT_READS_SRC,
      env: { PATH: process.env.PATH },
      log: (line) => {
        lines.push(line);
        waiters = waiters.filter((waiter) => {
          if (!waiter.pattern.test(line)) return true;
          waiter.resolve(line);
          return false;
        });
      },
      behindNginx: false,
      writeState: false,
      watch: true,
    });
  });
  afterEach(async () => {
    await loop?.stop();
    loop = undefined;
    rmSync(cwd, { recursive: true, force: true });
  });

  it("restarts the app when a file under src/ changes, keeping the queues", async () => {
    const running = loop!;
    const firstPid = running.app.pid;
    const queueUrl = running.queues.queueUrl;
    const up = nextLine(/^local: the app is up again \(pid \d+\)$/);
    writeFileSync(join(cwd, "src", "job.ts"), "export const changed = true;\n");
    await up;
    expect(running.app.pid).to.be.a("number").and.not.equal(firstPid);
    expect(lines).to.include("local: src/job.ts changed; restarting the app");
    expect(running.queues.queueUrl).to.equal(queueUrl);
    expect((await fetch(`${running.appUrl}/health`)).status).to.equal(200);
  });

  it("restarts the app when cron.yaml changes", async () => {
    const up = nextLine(/^local: the app is up again/);
    writeFileSync(join(cwd, "cron.yaml"), "version: 1\ncron: []\n");
    await up;
    expect(lines).to.include("local: cron.yaml changed; restarting the app");
  });

  it("says why when the restarted app does not start, and restarts it on the next change", async () => {
    const failed = nextLine(/^local: the app did not start after the change/);
    writeFileSync(join(cwd, "src", "broken"), "");
    const message = await failed;
    expect(message).to.include("SyntaxError: Unexpected token");
    expect(message).to.include("local: fix it and save: the next change restarts it.");
    const up = nextLine(/^local: the app is up again/);
    rmSync(join(cwd, "src", "broken"));
    await up;
    expect((await fetch(`${loop!.appUrl}/health`)).status).to.equal(200);
  });

  describe("the daemon's schedule", () => {
    const task = (name: string, schedule: string) =>
      `  - name: ${name}\n    url: /tasks/${name}\n    schedule: "${schedule}"\n`;

    it("follows cron.yaml when it changes, without a restart of the daemon", async () => {
      const running = loop!;
      const given: string[][] = [];
      const setPeriodicTasks = running.daemon.setPeriodicTasks.bind(running.daemon);
      running.daemon.setPeriodicTasks = (tasks) => {
        given.push(tasks.map((entry) => entry.name));
        setPeriodicTasks(tasks);
      };
      const reloaded = nextLine(/^sqsd \| scheduler: reloaded/);
      writeFileSync(
        join(cwd, "cron.yaml"),
        `version: 1\ncron:\n${task("nightly-report", "0 3 * * *")}${task("hourly", "@hourly")}`,
      );
      expect(await reloaded).to.equal(
        `sqsd | scheduler: reloaded 2 periodic task(s) from ${join(cwd, "cron.yaml")}: nightly-report, hourly`,
      );
      expect(given).to.deep.equal([["nightly-report", "hourly"]]);
    });

    it("keeps the previous schedule when the new cron.yaml has a problem, and prints it", async () => {
      const running = loop!;
      const given: unknown[] = [];
      running.daemon.setPeriodicTasks = (tasks) => given.push(tasks);
      const kept = nextLine(/^sqsd \| scheduler: kept the previous schedule/);
      writeFileSync(join(cwd, "cron.yaml"), `version: 1\ncron:\n${task("nightly", "0 3 * * * *")}`);
      expect(await kept).to.equal(
        `sqsd | scheduler: kept the previous schedule; ${join(cwd, "cron.yaml")} has 1 problem:\n  ${join(cwd, "cron.yaml")}:5: schedule "0 3 * * * *": expression has 6 fields; expected 5 fields (minute hour day-of-month month day-of-week). sqsd ignores a sixth field, so seconds are not supported`,
      );
      expect(given).to.deep.equal([]);
    });
  });
});
