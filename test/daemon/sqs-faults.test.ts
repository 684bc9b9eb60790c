import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import type { DaemonEvents } from "../../src/daemon/events.js";
import { startHarness, type Harness } from "./harness.js";
import { answerStatus, nextEvent, type Answer } from "./support.js";

/** Records every deletion from now on; `all(ids)` resolves once each of these ids is deleted. */
function recordDeletions(events: DaemonEvents): { all(ids: readonly string[]): Promise<void> } {
  const deleted = new Set<string>();
  const waiters = new Set<() => void>();
  events.on("deleted", (refs) => {
    for (const ref of refs) deleted.add(ref.messageId);
    for (const check of waiters) check();
  });
  return {
    all: (ids) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (!ids.every((id) => deleted.has(id))) return;
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
        check();
      }),
  };
}

function postsOf(harness: Harness, id: string): string[] {
  return harness.app.requests
    .filter((request) => request.headers["x-aws-sqsd-msgid"] === id)
    .map((request) => String(request.headers["x-aws-sqsd-receive-count"]));
}

describe("daemon: SQS faults", function () {
  this.timeout(30_000);
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("deletes each message answered 200 exactly once although deletes fail, are throttled and lose batch entries", async () => {
    harness = await startHarness({
      answer: answerStatus(200),
      behaviour: { visibilityTimeout: 4, inactivityTimeout: 1 },
      faults: {
        rate: 0.4,
        seed: 3,
        kinds: ["errors", "throttling", "partial-batch"],
        actions: ["DeleteMessageBatch", "DeleteMessage"],
      },
    });
    const faults = harness.faults;
    if (!faults) throw new Error("Expected the harness to inject faults");
    const deletions = recordDeletions(harness.events);
    const ids: string[] = [];
    for (let n = 0; n < 20; n += 1) ids.push(await harness.send(JSON.stringify({ n })));
    await deletions.all(ids);
    expect(faults.injected.errors + faults.injected["partial-batch"]).to.be.above(0);
    for (const id of ids) expect(postsOf(harness, id), id).to.deep.equal(["1"]);
    expect(await harness.countMessages(harness.queueUrl)).to.equal(0);
  });

  it("does not POST again a message answered 200 whose delete was lost until its visibility ran out", async () => {
    harness = await startHarness({
      answer: answerStatus(200),
      behaviour: { visibilityTimeout: 4, inactivityTimeout: 1 },
      faults: {
        rate: 1,
        kinds: ["errors"],
        actions: ["DeleteMessageBatch", "DeleteMessage"],
      },
    });
    const faults = harness.faults;
    if (!faults) throw new Error("Expected the harness to inject faults");
    const deletions = recordDeletions(harness.events);
    const receivedAgain = nextEvent(harness.events, "received", (ref) => ref.receiveCount === 2);
    const id = await harness.send("{}");
    await receivedAgain;
    faults.setRate(0);
    await deletions.all([id]);
    expect(postsOf(harness, id)).to.deep.equal(["1"]);
    expect(await harness.countMessages(harness.queueUrl)).to.equal(0);
  });

  it("retries a failed ErrorVisibilityTimeout change, so a failed job comes back after ErrorVisibilityTimeout, not VisibilityTimeout", async () => {
    const answer: Answer = (request, res) => {
      res.writeHead(request.headers["x-aws-sqsd-receive-count"] === "1" ? 500 : 200).end();
    };
    harness = await startHarness({
      answer,
      behaviour: { visibilityTimeout: 30, errorVisibilityTimeout: 1 },
      faults: {
        rate: 1,
        kinds: ["errors"],
        actions: ["ChangeMessageVisibilityBatch"],
      },
    });
    const faults = harness.faults;
    if (!faults) throw new Error("Expected the harness to inject faults");
    const deletions = recordDeletions(harness.events);
    const id = await harness.send("{}");
    await deletions.all([id]);
    expect(postsOf(harness, id)).to.deep.equal(["1", "2"]);
  });

  it("under faults in every call deletes only what was answered 200, and lets the rest reach the DLQ", async () => {
    const answer: Answer = (request, res) => {
      res.writeHead(request.body.includes('"fail":true') ? 500 : 200).end();
    };
    harness = await startHarness({
      answer,
      maxRetries: 2,
      behaviour: { visibilityTimeout: 5, inactivityTimeout: 1, errorVisibilityTimeout: 1 },
      faults: { rate: 0.3, seed: 11, slowMs: 100 },
    });
    const faults = harness.faults;
    if (!faults) throw new Error("Expected the harness to inject faults");
    const deletions = recordDeletions(harness.events);
    const good: string[] = [];
    const bad: string[] = [];
    for (let n = 0; n < 10; n += 1) good.push(await harness.send(JSON.stringify({ n })));
    for (let n = 0; n < 4; n += 1) bad.push(await harness.send(JSON.stringify({ n, fail: true })));
    await deletions.all(good);
    faults.setRate(0);
    const parked: string[] = [];
    while (parked.length < bad.length) {
      const result = await harness.sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: harness.deadLetterQueueUrl,
          WaitTimeSeconds: 5,
          MaxNumberOfMessages: 10,
        }),
      );
      parked.push(...(result.Messages ?? []).map((message) => message.MessageId ?? ""));
    }
    expect(new Set(parked)).to.deep.equal(new Set(bad));
    for (const id of good) expect(postsOf(harness, id), id).to.deep.equal(["1"]);
    for (const id of bad) expect(postsOf(harness, id), id).to.deep.equal(["1", "2"]);
    expect(faults.injected.errors).to.be.above(0);
  });

  it("keeps polling through throttled receives and delivers once SQS answers again", async () => {
    harness = await startHarness({
      answer: answerStatus(200),
      faults: {
        rate: 1,
        kinds: ["throttling"],
        actions: ["ReceiveMessage"],
      },
    });
    const faults = harness.faults;
    if (!faults) throw new Error("Expected the harness to inject faults");
    const deletions = recordDeletions(harness.events);
    const throttled = nextEvent(
      harness.events,
      "sqs-error",
      (event) => event.action === "ReceiveMessage",
    );
    const id = await harness.send("{}");
    expect((await throttled)[0].error.name).to.equal("RequestThrottled");
    faults.setRate(0);
    await deletions.all([id]);
    expect(postsOf(harness, id)).to.deep.equal(["1"]);
  });
});
