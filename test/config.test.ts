import { expect } from "chai";
import { ConfigError, loadConfig } from "../src/config.js";
import { setting } from "../src/modules/settings.js";
import { HTTP_PATH_RULE } from "../src/protocol/http-path.js";

const NO_MODULES = { jobs: [], tasks: [] };

describe("loadConfig", () => {
  it("has a default for every key", () => {
    const config = loadConfig({}, NO_MODULES);
    expect(config).to.deep.equal({
      port: 8080,
      host: "127.0.0.1",
      nodeEnv: "development",
      logLevel: "info",
      httpPath: "/",
      bodyLimitBytes: 1048576,
      maxRetries: 10,
      jobTimeoutSeconds: 60,
      maxConcurrentJobs: 100,
      shutdownDeadlineSeconds: 30,
      requireSqsdUserAgent: true,
      completedIdsMax: 10000,
      cronFile: "cron.yaml",
      queueUrl: undefined,
      deadLetterQueueUrl: undefined,
      awsRegion: "us-east-1",
      sqsEndpoint: undefined,
      s3Endpoint: undefined,
      bucket: undefined,
      smtpUrl: undefined,
      mailFrom: "sqs-worker <worker@localhost>",
      mailOutboxDir: "outbox",
      signingKeys: undefined,
      signatureMaxAgeSeconds: 900,
      signatureClockSkewSeconds: 300,
      signatureRefusal: "park",
      unsignedTasks: "allow",
      idempotencyStore: "memory",
      idempotencyTable: undefined,
      dynamoDbEndpoint: undefined,
      metricsIntervalSeconds: 60,
      jobSettings: {},
      taskSettings: {},
    });
  });

  it("reads values from the given environment", () => {
    const config = loadConfig({
      PORT: "5000",
      WORKER_MAX_RETRIES: "5",
      WORKER_REQUIRE_SQSD_USER_AGENT: "false",
      WORKER_DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
    });
    expect(config.port).to.equal(5000);
    expect(config.maxRetries).to.equal(5);
    expect(config.requireSqsdUserAgent).to.equal(false);
    expect(config.deadLetterQueueUrl).to.equal(
      "https://sqs.us-east-1.amazonaws.com/123456789012/dlq",
    );
  });

  it("rejects bad values with one error listing every problem", () => {
    const load = () =>
      loadConfig({
        PORT: "eighty",
        WORKER_MAX_RETRIES: "101",
        WORKER_HTTP_PATH: "jobs",
        WORKER_REQUIRE_SQSD_USER_AGENT: "maybe",
        LOG_LEVEL: "loud",
        SQS_ENDPOINT: "localhost:4566",
        WORKER_BUCKET: "My_Bucket",
      });
    expect(load)
      .to.throw(ConfigError)
      .with.property(
        "message",
        [
          "Invalid configuration:",
          '  - PORT: expected a whole number from 0 to 65535, got "eighty"',
          '  - LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"',
          `  - WORKER_HTTP_PATH: expected ${HTTP_PATH_RULE}, got "jobs"`,
          '  - WORKER_MAX_RETRIES: expected a whole number from 1 to 100, got "101"',
          '  - WORKER_REQUIRE_SQSD_USER_AGENT: expected true or false, got "maybe"',
          '  - SQS_ENDPOINT: expected an absolute http or https URL, got "localhost:4566"',
          '  - WORKER_BUCKET: expected an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit), got "My_Bucket"',
        ].join("\n"),
      );
  });

  for (const pattern of ["/worker(1)", "/jobs/:id", "/jobs/*rest", "/a{b}"]) {
    it(`rejects WORKER_HTTP_PATH ${pattern}, which Express would read as a pattern (issue 9 defect 8)`, () => {
      const load = () => loadConfig({ WORKER_HTTP_PATH: pattern });
      expect(load)
        .to.throw(ConfigError)
        .with.property(
          "message",
          `Invalid configuration:\n  - WORKER_HTTP_PATH: expected ${HTTP_PATH_RULE}, got "${pattern}"`,
        );
      expect(HTTP_PATH_RULE).to.match(/^a literal path/);
    });
  }

  it("does not echo a malformed SMTP_URL, which may hold a password", () => {
    const load = () => loadConfig({ SMTP_URL: "mail.example.com:587 user:hunter2" });
    expect(load)
      .to.throw(ConfigError)
      .with.property(
        "message",
        'Invalid configuration:\n  - SMTP_URL: expected an absolute smtp or smtps URL, got "(a value not shown, as it may hold a password)"',
      );
  });

  describe("WORKER_SIGNING_KEYS", () => {
    const secret = (byte: number, length = 32) => Buffer.alloc(length, byte).toString("base64");

    it("reads key id and secret pairs; the first is the one producers sign with", () => {
      const { signingKeys } = loadConfig(
        { WORKER_SIGNING_KEYS: `new:${secret(1)}, old:${secret(2)}` },
        NO_MODULES,
      );
      expect(signingKeys?.keyIds).to.deep.equal(["new", "old"]);
      expect(signingKeys?.signingKey.keyId).to.equal("new");
      expect(signingKeys?.find("old")?.secret).to.deep.equal(Buffer.alloc(32, 2));
    });

    it("never shows a secret in JSON, util.inspect or a string, as a log line would", async () => {
      const { inspect } = await import("node:util");
      const config = loadConfig({ WORKER_SIGNING_KEYS: `k1:${secret(7)}` }, NO_MODULES);
      for (const text of [
        JSON.stringify(config),
        inspect(config, { depth: 5 }),
        String(config.signingKeys),
      ]) {
        expect(text).to.include("k1");
        expect(text).not.to.include(secret(7));
        expect(text).not.to.include("7, 7, 7");
      }
    });

    const bad: [string, string][] = [
      [`k1:${secret(1, 16)}`, "entry 1 with a secret of 16 bytes, not shown"],
      [`k1:${secret(1)},k2:not base64!`, "entry 2 with a secret of no base64, not shown"],
      [secret(1), "entry 1 without a valid key id, not shown"],
      // Written the wrong way round: the secret stands where the key id goes, and is not echoed.
      [
        `AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:k1`,
        "entry 1 with a secret of no base64, not shown",
      ],
      [`k1:${secret(1)},k1:${secret(2)}`, "entry 2 repeating a key id, not shown"],
    ];
    for (const [value, got] of bad) {
      it(`refuses ${JSON.stringify(got.replace(/,.*/, ""))} naming the entry, never the secret`, () => {
        expect(() => loadConfig({ WORKER_SIGNING_KEYS: value }, NO_MODULES))
          .to.throw(ConfigError)
          .with.property(
            "message",
            `Invalid configuration:\n  - WORKER_SIGNING_KEYS: expected comma-separated <key id>:<base64 secret of at least 32 bytes> pairs, key ids of letters, digits, ".", "_" and "-", each once, got "${got}"`,
          );
      });
    }
  });

  describe("with the settings jobs and tasks declare", () => {
    const modules = {
      jobs: [
        { name: "resize-image", settings: { bucket: setting.text("IMAGE_BUCKET", "images") } },
      ],
      tasks: [{ name: "nightly-report", settings: { to: setting.emailList("REPORT_TO") } }],
    };

    it("reads each module's settings, by module, with their defaults", () => {
      const config = loadConfig({ REPORT_TO: "ops@example.com" }, modules);
      expect(config.jobSettings).to.deep.equal({ "resize-image": { bucket: "images" } });
      expect(config.taskSettings).to.deep.equal({ "nightly-report": { to: ["ops@example.com"] } });
    });

    it("lists a module's bad value with the core configuration's problems", () => {
      const load = () => loadConfig({ WORKER_MAX_RETRIES: "0", REPORT_TO: "ops" }, modules);
      expect(load)
        .to.throw(ConfigError)
        .with.property(
          "message",
          [
            "Invalid configuration:",
            '  - WORKER_MAX_RETRIES: expected a whole number from 1 to 100, got "0"',
            '  - REPORT_TO: expected comma-separated email addresses, got "ops"',
          ].join("\n"),
        );
    });
  });
});
