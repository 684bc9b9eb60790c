import { expect } from "chai";
import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { defaultTuning } from "../../src/daemon/parameters.js";
import { startHarness, type Harness } from "./harness.js";
import { deletedCount, type Answer } from "./support.js";

/** Answers 200 after `ms`, as a job that takes that long. */
const answerOkAfter =
  (ms: number): Answer =>
  (_request, res) => {
    const timer = setTimeout(() => {
      res.writeHead(200).end();
    }, ms);
    res.on("close", () => {
      clearTimeout(timer);
    });
  };

describe("daemon: the visibility of the messages it holds", function () {
  this.timeout(20_000);
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("never POSTs a message whose remaining visibility cannot cover InactivityTimeout, so a slow 200 is delivered once and deleted", async () => {
    // The reproduction: one connection, VisibilityTimeout 2 s, every job answers 200 after
    // 1.5 s; the messages waiting in the backlog used to run out of visibility before their POST.
    harness = await startHarness({
      answer: answerOkAfter(1500),
      maxRetries: 3,
      behaviour: { httpConnections: 1, visibilityTimeout: 2, inactivityTimeout: 2 },
      daemon: { tuning: { backlog: 2 } },
    });
    const deleted = deletedCount(harness.events, 3);
    const ids = [await harness.send('{"n":1}'), await harness.send('{"n":2}')];
    ids.push(await harness.send('{"n":3}'));
    expect(new Set(await deleted)).to.deep.equal(new Set(ids));
    const deliveries = harness.app.requests.map((request) => request.headers["x-aws-sqsd-msgid"]);
    expect(deliveries.toSorted(), "each message POSTed exactly once").to.deep.equal(ids.toSorted());
    const parked = await harness.sqs.client.send(
      new ReceiveMessageCommand({ QueueUrl: harness.deadLetterQueueUrl, WaitTimeSeconds: 0 }),
    );
    expect(parked.Messages ?? []).to.deep.equal([]);
    expect(await harness.countMessages(harness.queueUrl)).to.equal(0);
  });

  it("locks a message for its whole POST when it is received, so one POSTed at once waits for no extension", async () => {
    // VisibilityTimeout shorter than InactivityTimeout, as at the AWS defaults (30 s and 299 s):
    // the job answers after VisibilityTimeout has passed and must still be delivered only once.
    harness = await startHarness({
      answer: answerOkAfter(2500),
      behaviour: { httpConnections: 2, visibilityTimeout: 2, inactivityTimeout: 3 },
    });
    const extended: string[] = [];
    harness.events.on("visibility-extended", (ref) => extended.push(ref.messageId));
    const deleted = deletedCount(harness.events, 1);
    const id = await harness.send('{"n":1}');
    expect(await deleted).to.deep.equal([id]);
    const deliveries = harness.app.requests.map((request) => request.headers["x-aws-sqsd-msgid"]);
    expect(deliveries, "POSTed exactly once").to.deep.equal([id]);
    expect(extended, "no ChangeMessageVisibility between its receive and its POST").to.deep.equal(
      [],
    );
  });

  it("sizes the backlog so a message that waits for a connection still has its POST covered by VisibilityTimeout", () => {
    // Waiting for one POST, then its own POST: 2 x InactivityTimeout must fit in VisibilityTimeout.
    expect(
      defaultTuning({ httpConnections: 10, visibilityTimeout: 600, inactivityTimeout: 390 })
        .backlog,
    ).to.equal(0);
    expect(
      defaultTuning({ httpConnections: 10, visibilityTimeout: 600, inactivityTimeout: 299 })
        .backlog,
    ).to.equal(10);
    expect(
      defaultTuning({ httpConnections: 50, visibilityTimeout: 300, inactivityTimeout: 150 })
        .backlog,
    ).to.equal(0);
  });
});
