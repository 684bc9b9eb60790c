/**
 * The idempotency table's layout, in one place: partition key `id` (String), on-demand billing,
 * TTL on `expiresAt` (epoch seconds). Production's table is declared in .ebextensions (resource
 * IdempotencyTable); this creates the same one in dynalite for the local loop and the tests.
 */
import {
  CreateTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";

export const PARTITION_KEY = "id";
export const TTL_ATTRIBUTE = "expiresAt";

/** Creates the table unless it exists. (dynalite has no TTL; the store ignores expired items.) */
export async function createIdempotencyTable(client: DynamoDBClient, table: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: PARTITION_KEY, AttributeType: "S" }],
        KeySchema: [{ AttributeName: PARTITION_KEY, KeyType: "HASH" }],
        BillingMode: "PAY_PER_REQUEST",
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
