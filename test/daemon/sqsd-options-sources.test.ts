import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAppUrl } from "../../src/daemon/app-url.js";
import {
  loadSqsdOptions,
  optionFlagName,
  optionVariableName,
} from "../../src/daemon/sqsd-options-sources.js";
import { DEFAULT_SQSD_OPTIONS } from "../../src/eb/sqsd-options.js";

function ebextensions(settings: string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "sqs-worker-eb-")), ".ebextensions");
  mkdirSync(dir);
  writeFileSync(
    join(dir, "01-worker.config"),
    `option_settings:\n  aws:elasticbeanstalk:sqsd:\n${settings}`,
  );
  return dir;
}

describe("the local daemon's sqsd options", function () {
  it("names flags and variables after the AWS option", () => {
    assert.equal(optionFlagName("HttpConnections"), "http-connections");
    assert.equal(optionFlagName("WorkerQueueURL"), "worker-queue-url");
    assert.equal(optionVariableName("ErrorVisibilityTimeout"), "SQSD_ERROR_VISIBILITY_TIMEOUT");
  });

  it("uses AWS's defaults when there is no .ebextensions", async () => {
    const options = await loadSqsdOptions({
      ebextensionsDir: join(tmpdir(), "no-such-dir-xyz"),
      env: {},
      flags: {},
    });
    assert.deepEqual(options, DEFAULT_SQSD_OPTIONS);
  });

  it("reads .ebextensions, then lets a variable and then a flag override it", async () => {
    const dir = ebextensions(
      "    HttpConnections: 10\n    MaxRetries: 5\n    ErrorVisibilityTimeout: 30\n",
    );
    const options = await loadSqsdOptions({
      ebextensionsDir: dir,
      env: { SQSD_MAX_RETRIES: "7", SQSD_ERROR_VISIBILITY_TIMEOUT: "4" },
      flags: { ErrorVisibilityTimeout: "1" },
    });
    assert.equal(options.httpConnections, 10);
    assert.equal(options.maxRetries, 7);
    assert.equal(options.errorVisibilityTimeout, 1);
    assert.equal(options.inactivityTimeout, DEFAULT_SQSD_OPTIONS.inactivityTimeout);
  });

  it("refuses a value outside the AWS range, naming the option and the range", async () => {
    await assert.rejects(
      loadSqsdOptions({
        ebextensionsDir: join(tmpdir(), "no-such-dir-xyz"),
        env: {},
        flags: { HttpConnections: "500" },
      }),
      /HttpConnections: expected a whole number from 1 to 100, got "500"/,
    );
  });
});

describe("--app-url", function () {
  it("reads the host and port of a plain http URL", () => {
    assert.deepEqual(parseAppUrl("http://127.0.0.1:8080"), { host: "127.0.0.1", port: 8080 });
    assert.deepEqual(parseAppUrl("http://localhost"), { host: "localhost", port: 80 });
  });

  it("refuses https and paths, saying why", () => {
    assert.match(
      parseAppUrl("https://127.0.0.1") as string,
      /expected an http:\/\/ URL \(sqsd does not speak TLS\)/,
    );
    assert.match(parseAppUrl("http://127.0.0.1:8080/jobs") as string, /expected no path/);
  });
});
