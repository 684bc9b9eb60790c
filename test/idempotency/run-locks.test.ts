/**
 * Run locks on the idempotency table (dynalite in this process), the RunLocks interface periodic
 * tasks use for no overlap across instances. Time is the locks' injected clock.
 */
import { expect } from "chai";
import { DynamoDbRunLocks } from "../../src/idempotency/dynamodb-run-locks.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";
import { failDynamoDbCalls } from "../support/dynamodb-faults.js";
import { createDynamoDbClient } from "../../src/idempotency/dynamodb-client.js";
import { expectRejection } from "../support/expect-rejection.js";

describe("DynamoDB run locks", () => {
  let dynamo: EmbeddedDynamoDb;
  let now: number;
  let serial = 0;
  let key: string;
  before(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  after(async () => {
    await dynamo.stop();
  });
  beforeEach(() => {
    now = Date.parse("2026-11-27T12:00:00Z");
    serial += 1;
    key = `nightly-report-${serial}`;
  });

  function instance() {
    return new DynamoDbRunLocks(dynamo.client, dynamo.table, () => now);
  }

  it("lets one of two instances take a lock, and the other only after it is released", async () => {
    const [one, two] = [instance(), instance()];
    expect(await one.tryAcquire(key, 60_000)).to.equal(true);
    expect(await two.tryAcquire(key, 60_000)).to.equal(false);
    await one.release(key);
    expect(await two.tryAcquire(key, 60_000)).to.equal(true);
  });

  it("gives exactly one of many simultaneous takers the lock", async () => {
    const takers = Array.from({ length: 8 }, () => instance());
    const taken = await Promise.all(takers.map((locks) => locks.tryAcquire(key, 60_000)));
    expect(taken.filter(Boolean)).to.have.length(1);
  });

  it("lets another instance take a lock whose holder's lease ran out (a crashed holder)", async () => {
    const [crashed, two] = [instance(), instance()];
    await crashed.tryAcquire(key, 60_000);
    now += 59_000;
    expect(await two.tryAcquire(key, 60_000)).to.equal(false);
    now += 1_000;
    expect(await two.tryAcquire(key, 60_000)).to.equal(true);
  });

  it("ignores a release by an instance that does not hold the lock", async () => {
    const [one, two] = [instance(), instance()];
    await one.tryAcquire(key, 60_000);
    await two.release(key);
    expect(await two.tryAcquire(key, 60_000)).to.equal(false);
  });

  it("throws an error naming the lock and the table when DynamoDB cannot answer", async () => {
    const client = createDynamoDbClient({
      awsRegion: "us-east-1",
      dynamoDbEndpoint: dynamo.endpoint,
    });
    failDynamoDbCalls(client);
    const locks = new DynamoDbRunLocks(client, dynamo.table);
    try {
      const error = await expectRejection(locks.tryAcquire(key, 60_000));
      expect(error.message).to.equal(
        `Could not take lock "${key}" in DynamoDB table ${dynamo.table}: InternalServerError: Injected fault: PutItem failed`,
      );
    } finally {
      client.destroy();
    }
  });
});
