import assert from "node:assert/strict";
import {
  DEFAULT_SQSD_OPTIONS,
  isFifoQueueUrl,
  resolveSqsdOptions,
  SQSD_OPTIONS,
  SqsdOptionsError,
  sqsdInputFromSettings,
  validateSqsdOptions,
} from "../../src/eb/sqsd-options.js";

describe("aws:elasticbeanstalk:sqsd options", () => {
  it("lists all ten options AWS documents, once each", () => {
    assert.deepEqual(
      SQSD_OPTIONS.map((spec) => spec.name),
      [
        "WorkerQueueURL",
        "HttpPath",
        "MimeType",
        "HttpConnections",
        "ConnectTimeout",
        "InactivityTimeout",
        "VisibilityTimeout",
        "ErrorVisibilityTimeout",
        "RetentionPeriod",
        "MaxRetries",
      ],
    );
  });

  it("defaults to AWS's documented values, with InactivityTimeout 299 from the options reference", () => {
    assert.deepEqual(DEFAULT_SQSD_OPTIONS, {
      workerQueueUrl: undefined,
      httpPath: "/",
      mimeType: "application/json",
      httpConnections: 50,
      connectTimeout: 5,
      inactivityTimeout: 299,
      visibilityTimeout: 300,
      errorVisibilityTimeout: 2,
      retentionPeriod: 345600,
      maxRetries: 10,
    });
  });

  describe("validateSqsdOptions", () => {
    it("accepts every boundary of every documented range", () => {
      for (const spec of SQSD_OPTIONS) {
        if (spec.kind !== "integer") continue;
        assert.deepEqual(validateSqsdOptions({ [spec.key]: spec.min }), []);
        assert.deepEqual(validateSqsdOptions({ [spec.key]: spec.max }), []);
      }
    });

    it("rejects one past each boundary, naming the option and its range", () => {
      assert.deepEqual(validateSqsdOptions({ httpConnections: 101, maxRetries: 0 }), [
        "HttpConnections: expected a whole number from 1 to 100, got 101",
        "MaxRetries: expected a whole number from 1 to 100, got 0",
      ]);
      assert.deepEqual(validateSqsdOptions({ retentionPeriod: 59, inactivityTimeout: 36001 }), [
        "InactivityTimeout: expected a whole number from 1 to 36000, got 36001",
        "RetentionPeriod: expected a whole number from 60 to 1209600, got 59",
      ]);
    });

    it("accepts decimal strings, as option values are strings at the AWS API", () => {
      assert.deepEqual(validateSqsdOptions({ visibilityTimeout: "900" }), []);
    });

    it("rejects fractions and words for whole-second options", () => {
      assert.deepEqual(
        validateSqsdOptions({ connectTimeout: 2.5, errorVisibilityTimeout: "ten" }),
        [
          "ConnectTimeout: expected a whole number from 1 to 60, got 2.5",
          'ErrorVisibilityTimeout: expected a whole number from 0 to 43200, got "ten"',
        ],
      );
    });

    it("rejects an HttpPath that is not an absolute path", () => {
      assert.deepEqual(validateSqsdOptions({ httpPath: "jobs" }), [
        'HttpPath: expected a path starting with /, got "jobs"',
      ]);
    });

    it("rejects a WorkerQueueURL that is not an http(s) URL", () => {
      assert.deepEqual(validateSqsdOptions({ workerQueueUrl: "my-queue" }), [
        'WorkerQueueURL: expected an absolute http(s) queue URL, got "my-queue"',
      ]);
    });

    it("accepts a custom MimeType but not an empty one", () => {
      assert.deepEqual(validateSqsdOptions({ mimeType: "application/vnd.acme+json" }), []);
      assert.deepEqual(validateSqsdOptions({ mimeType: "" }), [
        'MimeType: expected a media type such as "application/json", got ""',
      ]);
    });
  });

  describe("resolveSqsdOptions", () => {
    it("fills in defaults and parses numeric strings", () => {
      const options = resolveSqsdOptions({ maxRetries: "5", httpPath: "/jobs" });
      assert.deepEqual(options, { ...DEFAULT_SQSD_OPTIONS, maxRetries: 5, httpPath: "/jobs" });
    });

    it("throws one error listing every problem", () => {
      assert.throws(
        () => resolveSqsdOptions({ maxRetries: 0, connectTimeout: 61 }),
        (error) => {
          assert.ok(error instanceof SqsdOptionsError);
          assert.deepEqual(error.problems, [
            "ConnectTimeout: expected a whole number from 1 to 60, got 61",
            "MaxRetries: expected a whole number from 1 to 100, got 0",
          ]);
          return true;
        },
      );
    });
  });

  it("renames AWS option names to the typed keys", () => {
    assert.deepEqual(sqsdInputFromSettings({ MaxRetries: 5, WorkerQueueURL: "https://q" }), {
      maxRetries: 5,
      workerQueueUrl: "https://q",
    });
  });

  it("recognises FIFO queue URLs by their .fifo suffix", () => {
    assert.equal(
      isFifoQueueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo"),
      true,
    );
    assert.equal(isFifoQueueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/jobs"), false);
  });
});
