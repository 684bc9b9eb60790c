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
      smtpUrl: undefined,
      mailFrom: "sqs-worker <worker@localhost>",
      mailOutboxDir: "outbox",
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
