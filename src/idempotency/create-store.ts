/** Builds the idempotency store the configuration chooses (WORKER_IDEMPOTENCY_STORE). */
import type { Config } from "../config.js";
import { MemoryRunLocks, type RunLocks } from "../schedules/run-locks.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import { MemoryIdempotencyStore } from "./memory-store.js";

export interface OpenedStore {
  store: IdempotencyStore;
  /** The periodic tasks' overlap locks, shared as widely as the store is. */
  runLocks: RunLocks;
  /** Frees the store's client, if it has one. */
  close(): void;
}

/**
 * The DynamoDB modules are imported only when that store is chosen: the SDK's DynamoDB client
 * takes about a second to load, which a memory-store process (tests, a single instance) skips.
 */
export async function openIdempotencyStore(
  config: Pick<
    Config,
    "idempotencyStore" | "idempotencyTable" | "completedIdsMax" | "awsRegion" | "dynamoDbEndpoint"
  >,
): Promise<OpenedStore> {
  if (config.idempotencyStore === "memory" || config.idempotencyTable === undefined) {
    return {
      store: new MemoryIdempotencyStore(config.completedIdsMax),
      runLocks: new MemoryRunLocks(),
      close: () => {},
    };
  }
  const [{ createDynamoDbClient }, { DynamoDbIdempotencyStore }, { DynamoDbRunLocks }] =
    await Promise.all([
      import("./dynamodb-client.js"),
      import("./dynamodb-store.js"),
      import("./dynamodb-run-locks.js"),
    ]);
  const client = createDynamoDbClient(config);
  return {
    store: new DynamoDbIdempotencyStore(client, config.idempotencyTable),
    runLocks: new DynamoDbRunLocks(client, config.idempotencyTable),
    close: () => {
      client.destroy();
    },
  };
}
