/**
 * Run locks on the idempotency table, for periodic tasks that must not overlap across instances
 * (the RunLocks interface of src/schedules/run-locks.ts). A lock is one item `lock#<key>` with
 * its holder and `expiresAt`, the lease's end: taken by a conditional put that succeeds only when
 * no live holder has it, given back by a delete that succeeds only for its holder. A holder that
 * crashed loses the lock when its lease runs out, and DynamoDB's TTL removes the item later.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { toError } from "../errors.js";
import { STORE_CALL_TIMEOUT_MS } from "./dynamodb-store.js";
import { epochSeconds, IdempotencyStoreError } from "./idempotency-store.js";
import { lockRecordKey } from "./record-key.js";
import type { RunLocks } from "../schedules/run-locks.js";

export class DynamoDbRunLocks implements RunLocks {
  /** This process's name as a holder: a lock taken here is given back only from here. */
  private readonly holder = randomUUID();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes the lock unless another holder's lease is still running; true when taken. */
  async tryAcquire(key: string, leaseMs: number): Promise<boolean> {
    const now = this.now();
    return this.conditional(
      new PutItemCommand({
        TableName: this.table,
        Item: {
          id: { S: lockRecordKey(key) },
          owner: { S: this.holder },
          expiresAt: { N: String(epochSeconds(now + leaseMs)) },
        },
        ConditionExpression: "attribute_not_exists(id) OR expiresAt <= :now",
        ExpressionAttributeValues: { ":now": { N: String(Math.floor(now / 1000)) } },
      }),
      `take lock "${key}"`,
    );
  }

  /** Gives the lock back (only the holder calls it; anyone else's release changes nothing). */
  async release(key: string): Promise<void> {
    await this.conditional(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { id: { S: lockRecordKey(key) } },
        ConditionExpression: "#owner = :owner",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":owner": { S: this.holder } },
      }),
      `release lock "${key}"`,
    );
  }

  private async conditional(command: PutItemCommand | DeleteItemCommand, what: string) {
    try {
      await this.client.send(command as PutItemCommand, {
        abortSignal: AbortSignal.timeout(STORE_CALL_TIMEOUT_MS),
      });
      return true;
    } catch (thrown) {
      if (thrown instanceof ConditionalCheckFailedException) return false;
      const error = toError(thrown);
      throw new IdempotencyStoreError(
        `Could not ${what} in DynamoDB table ${this.table}: ${error.name}: ${error.message}`,
        { cause: error },
      );
    }
  }
}
