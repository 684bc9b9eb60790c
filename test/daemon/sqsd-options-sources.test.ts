import { expect } from "chai";
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
import { expectRejection } from "../support/expect-rejection.js";

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
    expect(optionFlagName("HttpConnections")).to.equal("http-connections");
    expect(optionFlagName("WorkerQueueURL")).to.equal("worker-queue-url");
    expect(optionVariableName("ErrorVisibilityTimeout")).to.equal("SQSD_ERROR_VISIBILITY_TIMEOUT");
  });

  it("uses AWS's defaults when there is no .ebextensions", async () => {
    const options = await loadSqsdOptions({
      ebextensionsDir: join(tmpdir(), "no-such-dir-xyz"),
      env: {},
      flags: {},
    });
    expect(options).to.deep.equal(DEFAULT_SQSD_OPTIONS);
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
    expect(options.httpConnections).to.equal(10);
    expect(options.maxRetries).to.equal(7);
    expect(options.errorVisibilityTimeout).to.equal(1);
    expect(options.inactivityTimeout).to.equal(DEFAULT_SQSD_OPTIONS.inactivityTimeout);
  });

  it("refuses a value outside the AWS range, naming the option and the range", async () => {
    const error = await expectRejection(
      loadSqsdOptions({
        ebextensionsDir: join(tmpdir(), "no-such-dir-xyz"),
        env: {},
        flags: { HttpConnections: "500" },
      }),
    );
    expect(error.message).to.match(
      /HttpConnections: expected a whole number from 1 to 100, got "500"/,
    );
  });
});

describe("--app-url", function () {
  it("reads the host and port of a plain http URL", () => {
    expect(parseAppUrl("http://127.0.0.1:8080")).to.deep.equal({ host: "127.0.0.1", port: 8080 });
    expect(parseAppUrl("http://localhost")).to.deep.equal({ host: "localhost", port: 80 });
  });

  it("refuses https and paths, saying why", () => {
    expect(parseAppUrl("https://127.0.0.1")).to.match(
      /expected an http:\/\/ URL \(sqsd does not speak TLS\)/,
    );
    expect(parseAppUrl("http://127.0.0.1:8080/jobs")).to.match(/expected no path/);
  });
});
