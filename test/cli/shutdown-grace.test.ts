import { expect } from "chai";
import { install, type Clock } from "@sinonjs/fake-timers";
import { loadConfig } from "../../src/config.js";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { createShutdown, DEFAULT_GRACE_SECONDS } from "../../src/cli/shutdown.js";
import { DEFAULT_DRAIN_SECONDS } from "../../src/daemon/parameters.js";
import { createSqsClient, startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("the CLI's stop on SIGINT/SIGTERM", () => {
  let clock: Clock;
  beforeEach(() => {
    clock = install({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    clock.uninstall();
  });

  it("aborts the command on the first signal and exits after the default grace period", () => {
    let exits = 0;
    const shutdown = createShutdown(() => (exits += 1));
    shutdown.onSignal();
    expect(shutdown.signal.aborted).to.equal(true);
    clock.tick(DEFAULT_GRACE_SECONDS * 1000 - 1);
    expect(exits).to.equal(0);
    clock.tick(1);
    expect(exits).to.equal(1);
  });

  it("waits the grace period a command declared instead of the default", () => {
    let exits = 0;
    const shutdown = createShutdown(() => (exits += 1));
    shutdown.setGraceSeconds(40);
    shutdown.onSignal();
    clock.tick(39_999);
    expect(exits).to.equal(0);
    clock.tick(1);
    expect(exits).to.equal(1);
  });

  it("counts a grace period declared after the first signal from when it was declared", () => {
    let exits = 0;
    const shutdown = createShutdown(() => (exits += 1));
    shutdown.onSignal();
    clock.tick(5000);
    shutdown.setGraceSeconds(40);
    clock.tick(39_999);
    expect(exits).to.equal(0);
    clock.tick(1);
    expect(exits).to.equal(1);
  });

  it("exits at once on a second signal, whatever the grace period", () => {
    let exits = 0;
    const shutdown = createShutdown(() => (exits += 1));
    shutdown.setGraceSeconds(600);
    shutdown.onSignal();
    shutdown.onSignal();
    expect(exits).to.equal(1);
  });
});

describe("sqs-worker daemon's grace period", () => {
  let sqs: LocalSqs;
  beforeEach(async () => {
    sqs = await startLocalSqs();
  });
  afterEach(() => sqs.stop());

  async function declaredGrace(args: string[]): Promise<number[]> {
    const queueUrl = sqs.createQueue("worker-queue");
    const declared: number[] = [];
    const controller = new AbortController();
    controller.abort();
    const context: CliContext = {
      env: {},
      stdout: { write: () => undefined },
      stderr: { write: () => undefined },
      signal: controller.signal,
      setGraceSeconds: (seconds) => declared.push(seconds),
      cwd: mkdtempSync(join(tmpdir(), "sqs-worker-grace-")),
      createSqsClient: ({ endpoint }) => createSqsClient(endpoint ?? ""),
      config: () => loadConfig({ LOG_LEVEL: "silent" }),
    };
    const code = await runCli(
      [
        "daemon",
        "--queue-url",
        queueUrl,
        "--endpoint",
        sqs.endpoint,
        "--app-url",
        "http://127.0.0.1:9",
        "--without-cron",
        ...args,
      ],
      context,
    );
    expect(code).to.equal(0);
    return declared;
  }

  it("outlasts the daemon's own default drain (600 s, sqsd 2.0's), so in-flight POSTs and the last deletes finish", async () => {
    const [grace] = await declaredGrace([]);
    const drainSeconds = DEFAULT_DRAIN_SECONDS;
    expect(drainSeconds).to.equal(600);
    expect(grace).to.be.greaterThan(drainSeconds);
  });

  it("outlasts a longer --drain-seconds", async () => {
    const [grace] = await declaredGrace(["--drain-seconds", "900"]);
    expect(grace).to.be.greaterThan(900);
  });
});
