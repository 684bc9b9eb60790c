import { expect } from "chai";
import { createClock } from "@sinonjs/fake-timers";
import type { ServerResponse } from "node:http";
import { startHarness, type Harness } from "./harness.js";
import { startDaemon } from "../../src/daemon/daemon.js";
import { answerStatus, deletedCount, nextEvent, testBehaviour } from "./support.js";

describe("daemon: flow control and lifecycle", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it("never has more than HttpConnections POSTs open at the app, and keeps them all busy", async () => {
    const held: ServerResponse[] = [];
    // The app answers in rounds: it holds requests until HttpConnections are open, then answers all.
    harness = await startHarness({
      answer: (_request, res) => {
        held.push(res);
        if (held.length < 3) return;
        for (const response of held.splice(0)) response.writeHead(200).end();
      },
      behaviour: { httpConnections: 3 },
    });
    const deleted = deletedCount(harness.events, 30);
    for (let index = 0; index < 30; index += 1) await harness.send(`{"n":${index}}`);
    expect((await deleted).length).to.equal(30);
    expect(harness.app.maxConcurrent).to.equal(3);
    expect(harness.app.requests.length).to.equal(30);
  });

  it("deletes a message older than RetentionPeriod without POSTing it", async () => {
    const twoDaysAhead = createClock(Date.now() + 2 * 24 * 3600 * 1000);
    harness = await startHarness({
      answer: answerStatus(200),
      behaviour: { retentionPeriod: 86400 },
      daemon: { clock: twoDaysAhead },
    });
    const expired = nextEvent(harness.events, "expired");
    const deleted = deletedCount(harness.events, 1);
    const id = await harness.send("{}");
    const [event] = await expired;
    expect(event.messageId).to.equal(id);
    expect(await deleted).to.deep.equal([id]);
    expect(harness.app.requests.length).to.equal(0);
  });

  it("on stop, stops polling, lets the in-flight POST finish and deletes its message", async () => {
    let arrived: (res: ServerResponse) => void = () => undefined;
    const inFlight = new Promise<ServerResponse>((resolve) => (arrived = resolve));
    harness = await startHarness({
      answer: (_request, res) => {
        arrived(res);
      },
      behaviour: { inactivityTimeout: 30 },
    });
    const id = await harness.send("{}");
    const response = await inFlight;
    const stopped = nextEvent(harness.events, "stopped");
    const deleted = deletedCount(harness.events, 1);
    const stopping = harness.daemon.stop();
    response.writeHead(200).end();
    await stopping;
    await stopped;
    expect(await deleted).to.deep.equal([id]);
    await harness.send("{}");
    expect(harness.app.requests.length).to.equal(1);
    expect(await harness.countMessages(harness.queueUrl)).to.equal(1);
  });

  it("cuts off POSTs still open at the drain deadline, and makes their messages visible again after ErrorVisibilityTimeout", async () => {
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    harness = await startHarness({
      answer: () => {
        arrived();
      },
      behaviour: { inactivityTimeout: 30, errorVisibilityTimeout: 9 },
      daemon: { tuning: { drainSeconds: 0 } },
    });
    const id = await harness.send("{}");
    await inFlight;
    const socketError = nextEvent(harness.events, "socket-error");
    const changed = nextEvent(harness.events, "visibility-changed");
    await harness.daemon.stop();
    const [event] = await socketError;
    expect(event.error).to.equal("ECANCELED");
    const [refs, timeout] = await changed;
    expect(refs.map((ref) => ref.messageId)).to.deep.equal([id]);
    expect(timeout).to.equal(9);
  });

  it("does not re-POST at once when the app drops a kept-alive connection after reading the whole request: the message waits for ErrorVisibilityTimeout", async () => {
    const served = new WeakSet<object>();
    harness = await startHarness({
      answer: (_request, res) => {
        // The second request on a connection is read in full, then the connection is dropped:
        // the job may well have run, so an immediate re-POST would likely run it twice.
        if (served.has(res.socket!)) {
          res.socket!.destroy();
          return;
        }
        served.add(res.socket!);
        res.writeHead(200).end();
      },
      behaviour: { httpConnections: 1, errorVisibilityTimeout: 1 },
    });
    const first = deletedCount(harness.events, 1);
    await harness.send('{"n":1}');
    await first;
    const socketError = nextEvent(harness.events, "socket-error");
    const second = deletedCount(harness.events, 1);
    const id = await harness.send('{"n":2}');
    expect((await socketError)[0].error).to.equal("ECONNRESET");
    expect(await second).to.deep.equal([id]);
    const deliveriesOfSecond = harness.app.requests.filter((request) => request.body === '{"n":2}');
    expect(
      deliveriesOfSecond.map((request) => request.headers["x-aws-sqsd-receive-count"]),
    ).to.deep.equal(["1", "2"]);
    const gapMs = deliveriesOfSecond[1]!.arrivedAtMs - deliveriesOfSecond[0]!.arrivedAtMs;
    expect(gapMs, `re-POSTed after ${gapMs} ms`).to.be.at.least(1000);
  });

  it("reports a failing ReceiveMessage as an sqs-error, backs off, keeps trying, and still stops at once", async () => {
    harness = await startHarness({ answer: answerStatus(200) });
    const missing = `${harness.queueUrl}-gone`;
    const daemon = startDaemon({
      sqs: harness.sqs.client,
      queueUrl: missing,
      behaviour: testBehaviour(),
      target: { port: harness.app.port },
      tuning: { waitTimeSeconds: 1 },
    });
    const [first] = await nextEvent(daemon.events, "sqs-error");
    expect(first.action).to.equal("ReceiveMessage");
    await nextEvent(daemon.events, "sqs-error");
    await daemon.stop();
  });
});
