/**
 * The idempotency store every instance shares: one DynamoDB table (partition key `id`, TTL on
 * `expiresAt` in epoch seconds, on-demand billing), written with conditional writes so exactly one
 * claimant wins a key. Items:
 *
 *   { id, status: IN_PROGRESS, owner, fingerprint, expiresAt: end of the lease }
 *   { id, status: COMPLETED,   owner, fingerprint, expiresAt: completion + COMPLETED_TTL_SECONDS }
 *   { id: step#…, status: COMPLETED, result, expiresAt }
 *
 * DynamoDB deletes expired items only eventually (within days), so an expired item counts as
 * absent here: a claim may overwrite it, and a read ignores it.
 *
 * Every call is bounded (STORE_CALL_TIMEOUT_MS over the SDK's own retries); any failure other
 * than a lost condition becomes an IdempotencyStoreError, which deliver.ts answers with 503.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";
import { randomUUID } from "node:crypto";
import { toError } from "../errors.js";
import {
  COMPLETED_TTL_SECONDS,
  epochSeconds,
  IdempotencyStoreError,
  type Claim,
  type ClaimRequest,
  type IdempotencyStore,
} from "./idempotency-store.js";

/** A hung DynamoDB call must not hold a job slot and sqsd's connection. */
export const STORE_CALL_TIMEOUT_MS = 5000;

/** A claim that lost its condition to a record that then vanished (released) is tried again. */
const CLAIM_ATTEMPTS = 3;

type Item = Record<string, AttributeValue>;

export class DynamoDbIdempotencyStore implements IdempotencyStore {
  readonly description: string;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {
    this.description = `DynamoDB table ${table}`;
  }

  async claim(request: ClaimRequest): Promise<Claim> {
    for (let attempt = 1; attempt <= CLAIM_ATTEMPTS; attempt += 1) {
      const now = this.now();
      const owner = randomUUID();
      const taken = await this.putUnlessLive(
        {
          id: { S: request.key },
          status: { S: "IN_PROGRESS" },
          owner: { S: owner },
          fingerprint: { S: request.fingerprint },
          expiresAt: { N: String(epochSeconds(now + request.leaseMs)) },
        },
        now,
      );
      if (taken) return { status: "claimed", owner };
      // DynamoDB Local and dynalite do not return the item with a failed condition; one
      // consistent read says what won instead.
      const item = await this.liveItem(request.key);
      if (!item) continue;
      if (item.fingerprint?.S !== request.fingerprint) return { status: "fingerprint-mismatch" };
      if (item.status?.S === "COMPLETED") return { status: "completed" };
      return { status: "in-progress", leaseEndsAt: new Date(Number(item.expiresAt?.N) * 1000) };
    }
    throw new IdempotencyStoreError(
      `Expected to claim "${request.key}" within ${CLAIM_ATTEMPTS} attempts, but its record kept changing`,
    );
  }

  async complete(key: string, owner: string): Promise<boolean> {
    const expiresAt = epochSeconds(this.now() + COMPLETED_TTL_SECONDS * 1000);
    return this.conditional(
      new UpdateItemCommand({
        TableName: this.table,
        Key: { id: { S: key } },
        UpdateExpression: "SET #status = :completed, expiresAt = :expiresAt",
        ConditionExpression: "#owner = :owner",
        ExpressionAttributeNames: { "#status": "status", "#owner": "owner" },
        ExpressionAttributeValues: {
          ":completed": { S: "COMPLETED" },
          ":expiresAt": { N: String(expiresAt) },
          ":owner": { S: owner },
        },
      }),
      `complete "${key}"`,
    );
  }

  async release(key: string, owner: string): Promise<void> {
    await this.conditional(
      new DeleteItemCommand({
        TableName: this.table,
        Key: { id: { S: key } },
        ConditionExpression: "#owner = :owner",
        ExpressionAttributeNames: { "#owner": "owner" },
        ExpressionAttributeValues: { ":owner": { S: owner } },
      }),
      `release "${key}"`,
    );
  }

  async readStep(key: string): Promise<string | undefined> {
    return (await this.liveItem(key))?.result?.S;
  }

  async writeStep(key: string, result: string): Promise<void> {
    const expiresAt = epochSeconds(this.now() + COMPLETED_TTL_SECONDS * 1000);
    await this.call(
      (signal) =>
        this.client.send(
          new PutItemCommand({
            TableName: this.table,
            Item: {
              id: { S: key },
              status: { S: "COMPLETED" },
              result: { S: result },
              expiresAt: { N: String(expiresAt) },
            },
          }),
          { abortSignal: signal },
        ),
      `record step "${key}"`,
    );
  }

  /** Puts `item` unless a record with its id is live; true when it was put. */
  private async putUnlessLive(item: Item, now: number): Promise<boolean> {
    return this.conditional(
      new PutItemCommand({
        TableName: this.table,
        Item: item,
        ConditionExpression: "attribute_not_exists(id) OR expiresAt <= :now",
        ExpressionAttributeValues: { ":now": { N: String(wholeSeconds(now)) } },
      }),
      `claim "${item.id?.S ?? ""}"`,
    );
  }

  /** The item under `key` unless it expired (DynamoDB's TTL deletes only eventually). */
  private async liveItem(key: string): Promise<Item | undefined> {
    const result = await this.call(
      (signal) =>
        this.client.send(
          new GetItemCommand({
            TableName: this.table,
            Key: { id: { S: key } },
            ConsistentRead: true,
          }),
          { abortSignal: signal },
        ),
      `read "${key}"`,
    );
    const item = result.Item;
    if (!item) return undefined;
    return Number(item.expiresAt?.N) <= wholeSeconds(this.now()) ? undefined : item;
  }

  /** Sends a conditional write: true when it was applied, false when its condition failed. */
  private async conditional(
    command: PutItemCommand | UpdateItemCommand | DeleteItemCommand,
    what: string,
  ): Promise<boolean> {
    try {
      await this.call(
        (signal) => this.client.send(command as PutItemCommand, { abortSignal: signal }),
        what,
      );
      return true;
    } catch (error) {
      if (
        error instanceof IdempotencyStoreError &&
        error.cause instanceof ConditionalCheckFailedException
      ) {
        return false;
      }
      throw error;
    }
  }

  private async call<T>(send: (signal: AbortSignal) => Promise<T>, what: string): Promise<T> {
    try {
      return await send(AbortSignal.timeout(STORE_CALL_TIMEOUT_MS));
    } catch (thrown) {
      const error = toError(thrown);
      throw new IdempotencyStoreError(
        `Could not ${what} in ${this.description}: ${error.name}: ${error.message}`,
        { cause: error },
      );
    }
  }
}

/** The whole seconds elapsed: an item whose `expiresAt` is at or before it has expired. */
function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
