import { expect } from "chai";
import { ConfigError, loadConfig } from "../../src/config.js";

const NO_MODULES = { jobs: [], tasks: [] };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, NO_MODULES);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("the idempotency store's configuration", () => {
  it("uses the DynamoDB store when a table is named", () => {
    const config = loadConfig({ WORKER_IDEMPOTENCY_TABLE: "sqs-worker-idempotency" }, NO_MODULES);
    expect(config.idempotencyStore).to.equal("dynamodb");
    expect(config.idempotencyTable).to.equal("sqs-worker-idempotency");
  });

  it("uses the memory store when no table is named", () => {
    expect(loadConfig({}, NO_MODULES).idempotencyStore).to.equal("memory");
  });

  it("keeps the memory store when chosen, even with a table named (a single instance's opt-out)", () => {
    const config = loadConfig(
      { WORKER_IDEMPOTENCY_TABLE: "jobs", WORKER_IDEMPOTENCY_STORE: "memory" },
      NO_MODULES,
    );
    expect(config.idempotencyStore).to.equal("memory");
  });

  it("refuses the dynamodb store without a table, naming both variables", () => {
    expect(problemsOf({ WORKER_IDEMPOTENCY_STORE: "dynamodb" })).to.deep.equal([
      'WORKER_IDEMPOTENCY_STORE: expected memory when WORKER_IDEMPOTENCY_TABLE is unset (the dynamodb store needs its table), got "dynamodb"',
    ]);
  });

  it("refuses a table name DynamoDB would refuse, and an unknown store", () => {
    expect(
      problemsOf({ WORKER_IDEMPOTENCY_TABLE: "no", WORKER_IDEMPOTENCY_STORE: "redis" }),
    ).to.deep.equal([
      'WORKER_IDEMPOTENCY_TABLE: expected a DynamoDB table name (3 to 255 letters, digits, underscores, hyphens and dots), got "no"',
      'WORKER_IDEMPOTENCY_STORE: expected one of dynamodb, memory, got "redis"',
    ]);
  });

  it("reads DYNAMODB_ENDPOINT as a URL", () => {
    expect(problemsOf({ DYNAMODB_ENDPOINT: "localhost:8000" })).to.deep.equal([
      'DYNAMODB_ENDPOINT: expected an absolute http or https URL, got "localhost:8000"',
    ]);
  });
});
