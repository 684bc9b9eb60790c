import { expect } from "chai";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SendMessageCommand } from "@aws-sdk/client-sqs";
import { loadConfig } from "../../src/config.js";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import { startLocalSqs, createSqsClient, type LocalSqs } from "../support/fauxqs.js";
import { answerStatus, startTestApp, type TestApp } from "../daemon/support.js";
import { cli } from "./support.js";

describe("sqs-worker daemon", function () {
  let sqs: LocalSqs;
  let app: TestApp;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    app = await startTestApp(answerStatus(200));
  });
  afterEach(async () => {
    await app.close();
    await sqs.stop();
  });

  it("delivers messages to the app until it is signalled, then stops and exits 0", async () => {
    const queueUrl = sqs.createQueue("worker-queue");
    const controller = new AbortController();
    let stdout = "";
    const context: CliContext = {
      env: {},
      stdout: {
        write: (text) => {
          stdout += text;
          if (text.includes("message: sent to")) controller.abort();
        },
      },
      stderr: { write: () => undefined },
      signal: controller.signal,
      cwd: mkdtempSync(join(tmpdir(), "sqs-worker-daemon-")),
      createSqsClient: ({ endpoint }) => createSqsClient(endpoint ?? ""),
      config: () => loadConfig({ LOG_LEVEL: "silent" }),
    };
    const running = runCli(
      [
        "daemon",
        "--queue-url",
        queueUrl,
        "--endpoint",
        sqs.endpoint,
        "--app-url",
        `http://127.0.0.1:${app.port}`,
        "--http-connections",
        "2",
      ],
      context,
    );
    await sqs.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: "{}" }));
    expect(await running).to.equal(0);
    expect(stdout).to.match(
      /sqsd: polling .*worker-queue, POSTing to http:\/\/127\.0\.0\.1:\d+\/ \(HttpConnections 2,/,
    );
    expect(stdout).to.match(/message: sent to http:\/\/127\.0\.0\.1:\d+\//);
    expect(app.requests.length).to.equal(1);
  });

  it("exits 2 for an https app URL and 1 for an option out of range", async () => {
    const https = await cli([
      "daemon",
      "--app-url",
      "https://127.0.0.1",
      "--queue-url",
      "http://q/1/x",
    ]);
    expect(https.code).to.equal(2);
    expect(https.stderr).to.match(/--app-url: expected an http:\/\/ URL/);
    const range = await cli([
      "daemon",
      "--visibility-timeout=-1",
      "--queue-url",
      "http://q/1/x",
      "--endpoint",
      sqs.endpoint,
    ]);
    expect(range.code).to.equal(1);
    expect(range.stderr).to.match(
      /VisibilityTimeout: expected a whole number from 0 to 43200, got "-1"/,
    );
  });

  it("lists every sqsd option in its help", async () => {
    const help = await cli(["daemon", "--help"]);
    expect(help.code).to.equal(0);
    for (const flag of [
      "--http-connections <n>",
      "--error-visibility-timeout <n>",
      "--retention-period <n>",
      "--mime-type <value>",
    ]) {
      expect(help.stdout, `${flag} missing from:\n${help.stdout}`).to.include(flag);
    }
  });

  it("exits 1 naming the queue when it does not exist", async () => {
    const missing = `${sqs.endpoint}/000000000000/no-such-queue`;
    const run = await cli([
      "daemon",
      "--queue-url",
      missing,
      "--endpoint",
      sqs.endpoint,
      "--without-cron",
    ]);
    expect(run.code).to.equal(1);
    expect(run.stderr).to.match(/Expected to read the worker queue .*no-such-queue, got /);
  });
});
