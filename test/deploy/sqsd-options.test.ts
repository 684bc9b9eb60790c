import { expect } from "chai";
import {
  DEFAULT_SQSD_OPTIONS,
  resolveSqsdOptions,
  SQSD_OPTIONS,
  SqsdOptionsError,
  sqsdInputFromSettings,
  validateSqsdOptions,
} from "../../src/eb/sqsd-options.js";
import { isFifoQueueUrl } from "../../src/protocol/queue-url.js";

describe("aws:elasticbeanstalk:sqsd options", () => {
  it("lists all ten options AWS documents, once each", () => {
    expect(SQSD_OPTIONS.map((spec) => spec.name)).to.deep.equal([
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
    ]);
  });

  it("defaults to AWS's documented values, with InactivityTimeout 299 from the options reference", () => {
    expect(DEFAULT_SQSD_OPTIONS).to.deep.equal({
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
        expect(validateSqsdOptions({ [spec.key]: spec.min })).to.deep.equal([]);
        expect(validateSqsdOptions({ [spec.key]: spec.max })).to.deep.equal([]);
      }
    });

    it("rejects one past each boundary, naming the option and its range", () => {
      expect(validateSqsdOptions({ httpConnections: 101, maxRetries: 0 })).to.deep.equal([
        "HttpConnections: expected a whole number from 1 to 100, got 101",
        "MaxRetries: expected a whole number from 1 to 100, got 0",
      ]);
      expect(validateSqsdOptions({ retentionPeriod: 59, inactivityTimeout: 36001 })).to.deep.equal([
        "InactivityTimeout: expected a whole number from 1 to 36000, got 36001",
        "RetentionPeriod: expected a whole number from 60 to 1209600, got 59",
      ]);
    });

    it("accepts decimal strings, as option values are strings at the AWS API", () => {
      expect(validateSqsdOptions({ visibilityTimeout: "900" })).to.deep.equal([]);
    });

    it("rejects fractions and words for whole-second options", () => {
      expect(
        validateSqsdOptions({ connectTimeout: 2.5, errorVisibilityTimeout: "ten" }),
      ).to.deep.equal([
        "ConnectTimeout: expected a whole number from 1 to 60, got 2.5",
        'ErrorVisibilityTimeout: expected a whole number from 0 to 43200, got "ten"',
      ]);
    });

    it("rejects an HttpPath that is not an absolute path", () => {
      expect(validateSqsdOptions({ httpPath: "jobs" })).to.deep.equal([
        'HttpPath: expected a literal path starting with / made of letters, digits, "-", ".", "_", "~" and "/", got "jobs"',
      ]);
    });

    it("rejects a WorkerQueueURL that is not an http(s) URL", () => {
      expect(validateSqsdOptions({ workerQueueUrl: "my-queue" })).to.deep.equal([
        'WorkerQueueURL: expected an absolute http(s) queue URL, got "my-queue"',
      ]);
    });

    it("accepts a custom MimeType but not an empty one", () => {
      expect(validateSqsdOptions({ mimeType: "application/vnd.acme+json" })).to.deep.equal([]);
      expect(validateSqsdOptions({ mimeType: "" })).to.deep.equal([
        'MimeType: expected a media type such as "application/json", got ""',
      ]);
    });
  });

  describe("resolveSqsdOptions", () => {
    it("fills in defaults and parses numeric strings", () => {
      const options = resolveSqsdOptions({ maxRetries: "5", httpPath: "/jobs" });
      expect(options).to.deep.equal({ ...DEFAULT_SQSD_OPTIONS, maxRetries: 5, httpPath: "/jobs" });
    });

    it("throws one error listing every problem", () => {
      expect(() => resolveSqsdOptions({ maxRetries: 0, connectTimeout: 61 }))
        .to.throw(SqsdOptionsError)
        .with.property("problems")
        .that.deep.equals([
          "ConnectTimeout: expected a whole number from 1 to 60, got 61",
          "MaxRetries: expected a whole number from 1 to 100, got 0",
        ]);
    });
  });

  it("renames AWS option names to the typed keys", () => {
    expect(sqsdInputFromSettings({ MaxRetries: 5, WorkerQueueURL: "https://q" })).to.deep.equal({
      maxRetries: 5,
      workerQueueUrl: "https://q",
    });
  });

  it("recognises FIFO queue URLs by their .fifo suffix", () => {
    expect(isFifoQueueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo")).to.equal(
      true,
    );
    expect(isFifoQueueUrl("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")).to.equal(false);
  });
});
