/**
 * The two idempotency stores keep the same rules; each case runs against both, the DynamoDB one
 * on dynalite in this process (a real DynamoDB-compatible server, not a mock). Time is the
 * stores' injected clock, moved by the test: no sleeping for a lease to run out.
 */
import { expect } from "chai";
import { DynamoDbIdempotencyStore } from "../../src/idempotency/dynamodb-store.js";
import {
  COMPLETED_TTL_SECONDS,
  type IdempotencyStore,
} from "../../src/idempotency/idempotency-store.js";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "../../src/local/embedded-dynamodb.js";

const START = Date.parse("2026-11-27T12:00:00Z");
const request = { key: "job#charge#key:order-1", fingerprint: "fp-1", leaseMs: 70_000 };

describe("the idempotency stores", () => {
  let dynamo: EmbeddedDynamoDb;
  before(async () => {
    dynamo = await startEmbeddedDynamoDb();
  });
  after(async () => {
    await dynamo.stop();
  });

  const kinds: [string, (now: () => number) => IdempotencyStore][] = [
    ["memory", (now) => new MemoryIdempotencyStore(100, now)],
    ["DynamoDB", (now) => new DynamoDbIdempotencyStore(dynamo.client, dynamo.table, now)],
  ];

  for (const [kind, make] of kinds) {
    describe(`the ${kind} store`, () => {
      let now: number;
      let store: IdempotencyStore;
      let key: string;
      let serial = 0;
      beforeEach(() => {
        now = START;
        store = make(() => now);
        serial += 1;
        key = `${request.key}-${serial}`; // the DynamoDB table is shared by the cases
      });

      it("lets one claimant win a key, and tells the others it is in progress until the lease ends", async () => {
        const first = await store.claim({ ...request, key });
        const second = await store.claim({ ...request, key });
        expect(first.status).to.equal("claimed");
        expect(second).to.deep.equal({
          status: "in-progress",
          leaseEndsAt: new Date(START + request.leaseMs),
        });
      });

      it("answers completed once the winner completes, for the whole TTL", async () => {
        const first = await store.claim({ ...request, key });
        if (first.status !== "claimed") throw new Error("Expected a claim");
        expect(await store.complete(key, first.owner)).to.equal(true);
        now += (COMPLETED_TTL_SECONDS - 1) * 1000;
        expect(await store.claim({ ...request, key })).to.deep.equal({ status: "completed" });
      });

      it("forgets a completed record after its TTL, even before DynamoDB deletes it", async () => {
        const first = await store.claim({ ...request, key });
        if (first.status !== "claimed") throw new Error("Expected a claim");
        await store.complete(key, first.owner);
        now += COMPLETED_TTL_SECONDS * 1000;
        expect((await store.claim({ ...request, key })).status).to.equal("claimed");
      });

      it("lets a retry claim the key again once the claim is released", async () => {
        const first = await store.claim({ ...request, key });
        if (first.status !== "claimed") throw new Error("Expected a claim");
        await store.release(key, first.owner);
        expect((await store.claim({ ...request, key })).status).to.equal("claimed");
      });

      it("lets another claimant take over a claim whose lease ran out, and the late holder learns it lost", async () => {
        const crashed = await store.claim({ ...request, key });
        if (crashed.status !== "claimed") throw new Error("Expected a claim");
        now += request.leaseMs;
        const takeover = await store.claim({ ...request, key });
        expect(takeover.status).to.equal("claimed");
        expect(await store.complete(key, crashed.owner)).to.equal(false);
        await store.release(key, crashed.owner); // must not free the new holder's claim
        expect((await store.claim({ ...request, key })).status).to.equal("in-progress");
      });

      it("answers fingerprint-mismatch for the same key with another payload, running or completed", async () => {
        const first = await store.claim({ ...request, key });
        if (first.status !== "claimed") throw new Error("Expected a claim");
        const whileRunning = await store.claim({ ...request, key, fingerprint: "fp-2" });
        await store.complete(key, first.owner);
        const afterwards = await store.claim({ ...request, key, fingerprint: "fp-2" });
        expect([whileRunning.status, afterwards.status]).to.deep.equal([
          "fingerprint-mismatch",
          "fingerprint-mismatch",
        ]);
      });

      it("keeps a step's result, and has none for a step never recorded", async () => {
        await store.writeStep(`step#${key}#charge`, '{"value":{"chargeId":"ch_1"}}');
        expect(await store.readStep(`step#${key}#charge`)).to.equal(
          '{"value":{"chargeId":"ch_1"}}',
        );
        expect(await store.readStep(`step#${key}#refund`)).to.equal(undefined);
      });
    });
  }
});
