import { expect } from "chai";
import { heldJob, recorder, stubbornJob } from "../fixtures/jobs.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

describe("graceful drain (SIGTERM)", () => {
  it("holds new messages until the drain ends, then answers them 503, and lets in-flight jobs finish", async () => {
    const record = recorder();
    const worker = testWorker({ jobs: [heldJob(record)] });
    const inFlight = postJob(worker.app, "held", {}).then((res) => res);
    await record.started.promise;

    const drained = worker.drain(10_000);
    let refusedYet = false;
    const refused = postJob(worker.app, "held", {}).then((res) => {
      refusedYet = true;
      return res;
    });
    expect((await answeredWithinTwentyTurns(refused)).answered).to.equal(false);
    expect(refusedYet).to.equal(false);

    record.release.open();
    expect((await inFlight).status).to.equal(200);
    expect(await drained).to.deep.equal({ finished: 1, aborted: 0, abandoned: 0 });
    const res = await refused;
    expect(res.status).to.equal(503);
    expect(res.body.reason).to.equal("draining");
    expect(record.calls).to.have.length(1);
    expect(record.calls[0]?.context.signal.aborted).to.equal(false);
  });

  it("aborts jobs still running at the deadline through their signal, answering 503", async () => {
    const record = recorder();
    const worker = testWorker({ jobs: [heldJob(record)] });
    const inFlight = postJob(worker.app, "held", {}).then((res) => res);
    await record.started.promise;

    const report = await worker.drain(20);
    const res = await inFlight;
    expect(res.status).to.equal(503);
    expect(res.body.reason).to.equal("shutdown");
    expect(report).to.deep.equal({ finished: 0, aborted: 1, abandoned: 0 });
    expect((record.calls[0]?.context.signal.reason as Error).name).to.equal("ShutdownError");
  });

  it("gives up on a handler that ignores its signal after the grace period, so shutdown stays bounded", async () => {
    const record = recorder();
    const worker = testWorker({ jobs: [stubbornJob(record)] });
    const inFlight = postJob(worker.app, "stubborn", {}).then((res) => res);
    await record.started.promise;

    const report = await worker.tracker.drain(10, 10);
    expect(report).to.deep.equal({ finished: 0, aborted: 1, abandoned: 1 });
    expect((await inFlight).status).to.equal(503);
    record.release.open();
  });

  it("resolves at once when nothing is running", async () => {
    const worker = testWorker();
    expect(await worker.drain(10_000)).to.deep.equal({ finished: 0, aborted: 0, abandoned: 0 });
  });
});

/** Whether `response` settled by the time the app has surely seen the request (a few event-loop turns). */
async function answeredWithinTwentyTurns(
  response: Promise<unknown>,
): Promise<{ answered: boolean }> {
  let answered = false;
  void response.then(() => (answered = true));
  for (let turn = 0; turn < 20; turn += 1) await new Promise(setImmediate);
  return { answered };
}
