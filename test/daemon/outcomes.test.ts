import { expect } from "chai";
import { startHarness, type Harness } from "./harness.js";
import { answerStatus, deletedCount, nextEvent, type Answer } from "./support.js";

describe("daemon: what the app's answer does to the message", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("deletes a message the app answers 200, after POSTing its raw body once", async () => {
    harness = await startHarness({ answer: answerStatus(200) });
    const deleted = deletedCount(harness.events, 1);
    const id = await harness.send('{"type":"noop","payload":{"n":1}}');
    expect(await deleted).to.deep.equal([id]);
    expect(harness.app.requests.length).to.equal(1);
    expect(harness.app.requests[0]!.body).to.equal('{"type":"noop","payload":{"n":1}}');
    expect(harness.app.requests[0]!.method).to.equal("POST");
    expect(await harness.countMessages(harness.queueUrl)).to.equal(0);
  });

  for (const status of [204, 201]) {
    it(`retries a message the app answers ${status} instead of deleting it`, async () => {
      const answer: Answer = (request, res) => {
        res.writeHead(request.headers["x-aws-sqsd-receive-count"] === "1" ? status : 200).end();
      };
      harness = await startHarness({ answer });
      const httpError = nextEvent(harness.events, "http-error");
      const deleted = deletedCount(harness.events, 1);
      await harness.send("{}");
      const [event] = await httpError;
      expect(event.status).to.equal(status);
      await deleted;
      expect(
        harness.app.requests.map((request) => request.headers["x-aws-sqsd-receive-count"]),
      ).to.deep.equal(["1", "2"]);
    });
  }

  it("cuts off an app that stays silent for InactivityTimeout and retries the message", async () => {
    const answer: Answer = (request, res) => {
      if (request.headers["x-aws-sqsd-receive-count"] !== "1") res.writeHead(200).end();
    };
    harness = await startHarness({
      answer,
      behaviour: { inactivityTimeout: 1, errorVisibilityTimeout: 0 },
    });
    const socketError = nextEvent(harness.events, "socket-error");
    const deleted = deletedCount(harness.events, 1);
    await harness.send("{}");
    const [event] = await socketError;
    expect(event.error).to.equal("ETIMEDOUT");
    expect(event.seconds, `expected at least 1 s, got ${event.seconds}`).to.be.at.least(1);
    await deleted;
    expect(harness.app.requests.length).to.equal(2);
  });

  it("treats an app that refuses connections as a failure and sets ErrorVisibilityTimeout", async () => {
    harness = await startHarness({
      answer: answerStatus(200),
      behaviour: { errorVisibilityTimeout: 7 },
    });
    await harness.app.close();
    const socketError = nextEvent(harness.events, "socket-error");
    const changed = nextEvent(harness.events, "visibility-changed");
    const id = await harness.send("{}");
    const [event] = await socketError;
    expect(event.error).to.equal("ECONNREFUSED");
    const [refs, timeout] = await changed;
    expect(refs.map((ref) => ref.messageId)).to.deep.equal([id]);
    expect(timeout).to.equal(7);
  });
});
