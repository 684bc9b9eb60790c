import { expect } from "chai";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSqsdOptionsWithOrigins } from "../../src/daemon/sqsd-options-sources.js";
import { resolveSqsdOptions } from "../../src/eb/sqsd-options.js";
import { appEnvironment, describeOverrides } from "../../src/local/app-environment.js";

const QUEUES = {
  endpoint: "http://127.0.0.1:4566",
  queueUrl: "http://127.0.0.1:4566/000000000000/sqs-worker-queue",
  deadLetterQueueUrl: "http://127.0.0.1:4566/000000000000/sqs-worker-dead-letter-queue",
  bucket: "sqs-worker-local",
};

const DYNAMODB = { endpoint: "http://127.0.0.1:4567", table: "sqs-worker-idempotency" };

/** A project folder whose .ebextensions sets MaxRetries 10. */
function projectWithMaxRetries(): string {
  const cwd = mkdtempSync(join(tmpdir(), "sqs-worker-env-"));
  mkdirSync(join(cwd, ".ebextensions"));
  writeFileSync(
    join(cwd, ".ebextensions", "01-worker.config"),
    "option_settings:\n  aws:elasticbeanstalk:sqsd:\n    MaxRetries: 10\n",
  );
  return cwd;
}

describe("the app's environment in npm run local", () => {
  it("points the app's S3 at the embedded one and WORKER_BUCKET at the bucket the loop created", () => {
    const appEnv = appEnvironment({}, QUEUES, resolveSqsdOptions({}), 8080, DYNAMODB);
    expect([appEnv.S3_ENDPOINT, appEnv.WORKER_BUCKET]).to.deep.equal([
      "http://127.0.0.1:4566",
      "sqs-worker-local",
    ]);
  });

  it("reports a variable the loop replaces, naming .ebextensions as where the winning value comes from", async () => {
    const cwd = projectWithMaxRetries();
    const env = { WORKER_MAX_RETRIES: "0", PATH: "/bin" };
    const { options, origins } = await loadSqsdOptionsWithOrigins({
      ebextensionsDir: join(cwd, ".ebextensions"),
      env,
      flags: {},
    });
    const appEnv = appEnvironment(env, QUEUES, options, 8080, DYNAMODB);
    expect(appEnv.WORKER_MAX_RETRIES).to.equal("10");
    expect(describeOverrides(env, appEnv, origins)).to.deep.equal([
      "local: WORKER_MAX_RETRIES=0 is overridden by 10, sqsd's MaxRetries from .ebextensions (the app mirrors the daemon); set SQSD_MAX_RETRIES to change both",
    ]);
  });

  it("names SQSD_MAX_RETRIES as the source when that variable set it, and says nothing when the values agree", async () => {
    const cwd = projectWithMaxRetries();
    const env = { WORKER_MAX_RETRIES: "5", SQSD_MAX_RETRIES: "5" };
    const { options, origins } = await loadSqsdOptionsWithOrigins({
      ebextensionsDir: join(cwd, ".ebextensions"),
      env,
      flags: {},
    });
    expect(origins.MaxRetries).to.equal("SQSD_MAX_RETRIES");
    const appEnv = appEnvironment(env, QUEUES, options, 8080, DYNAMODB);
    expect(describeOverrides(env, appEnv, origins)).to.deep.equal([]);
  });

  it("reports the loop's own replacements (region, endpoint) and never prints the credentials it replaces", async () => {
    const env = {
      AWS_REGION: "eu-west-1",
      AWS_SECRET_ACCESS_KEY: "real-secret",
      AWS_ACCESS_KEY_ID: "real-id",
    };
    const { options, origins } = await loadSqsdOptionsWithOrigins({
      ebextensionsDir: join(mkdtempSync(join(tmpdir(), "sqs-worker-env-")), ".ebextensions"),
      env,
      flags: {},
    });
    const lines = describeOverrides(
      env,
      appEnvironment(env, QUEUES, options, 8080, DYNAMODB),
      origins,
    );
    expect(lines).to.deep.equal([
      "local: AWS_REGION=eu-west-1 is overridden by us-east-1, for the embedded SQS",
    ]);
  });

  it("points the app at the embedded DynamoDB's table, reporting a developer's own table it replaces", async () => {
    const env = { WORKER_IDEMPOTENCY_TABLE: "prod-table" };
    const { options, origins } = await loadSqsdOptionsWithOrigins({
      ebextensionsDir: join(mkdtempSync(join(tmpdir(), "sqs-worker-env-")), ".ebextensions"),
      env,
      flags: {},
    });
    const appEnv = appEnvironment(env, QUEUES, options, 8080, DYNAMODB);
    expect([
      appEnv.WORKER_IDEMPOTENCY_STORE,
      appEnv.WORKER_IDEMPOTENCY_TABLE,
      appEnv.DYNAMODB_ENDPOINT,
    ]).to.deep.equal(["dynamodb", "sqs-worker-idempotency", "http://127.0.0.1:4567"]);
    expect(describeOverrides(env, appEnv, origins)).to.deep.equal([
      "local: WORKER_IDEMPOTENCY_TABLE=prod-table is overridden by sqs-worker-idempotency, for the embedded DynamoDB (dynalite)",
    ]);
  });
});
