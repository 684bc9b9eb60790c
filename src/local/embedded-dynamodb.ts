/**
 * The embedded DynamoDB of the local loop and the tests: dynalite (in memory, in this process, on
 * loopback) with the idempotency table, so the app runs the same DynamoDB store as in production.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import dynalite from "dynalite";
import type { AddressInfo } from "node:net";
import { createDynamoDbClient } from "../idempotency/dynamodb-client.js";
import { createIdempotencyTable } from "../idempotency/table.js";

/** The table name the local loop gives the app. */
export const LOCAL_IDEMPOTENCY_TABLE = "sqs-worker-idempotency";

export interface EmbeddedDynamoDb {
  endpoint: string;
  table: string;
  /** A client for this endpoint, with the dummy credentials dynalite accepts. */
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export async function startEmbeddedDynamoDb(
  options: { port?: number; table?: string } = {},
): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const table = options.table ?? LOCAL_IDEMPOTENCY_TABLE;
  const client = createDynamoDbClient({ awsRegion: "us-east-1", dynamoDbEndpoint: endpoint });
  const stop = async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  };
  try {
    await createIdempotencyTable(client, table);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, table, client, stop };
}
