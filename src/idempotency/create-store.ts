/** Builds the idempotency store the configuration chooses (WORKER_IDEMPOTENCY_STORE). */
import type { Config } from "../config.js";
import { createDynamoDbClient } from "./dynamodb-client.js";
import { DynamoDbIdempotencyStore } from "./dynamodb-store.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import { MemoryIdempotencyStore } from "./memory-store.js";

export interface OpenedStore {
  store: IdempotencyStore;
  /** Frees the store's client, if it has one. */
  close(): void;
}

export function openIdempotencyStore(
  config: Pick<
    Config,
    "idempotencyStore" | "idempotencyTable" | "completedIdsMax" | "awsRegion" | "dynamoDbEndpoint"
  >,
): OpenedStore {
  if (config.idempotencyStore === "memory" || config.idempotencyTable === undefined) {
    return { store: new MemoryIdempotencyStore(config.completedIdsMax), close: () => {} };
  }
  const client = createDynamoDbClient(config);
  return {
    store: new DynamoDbIdempotencyStore(client, config.idempotencyTable),
    close: () => {
      client.destroy();
    },
  };
}
