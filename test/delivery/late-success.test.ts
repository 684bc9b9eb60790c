/**
 * Issue 9 defect 3, as reported, on a fake clock: timeout 1 s, a handler that ignores its signal
 * and takes 1.5 s. The first delivery is answered 500 at 1 s; the handler's success at 1.5 s must
 * be recorded, so the redelivery is answered 200 without running the handler a second time.
 */
import { install, type Clock } from "@sinonjs/fake-timers";
import { expect } from "chai";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import { deliver, type DeliveryDeps, type Work } from "../../src/delivery/deliver.js";
import { JobTracker } from "../../src/delivery/job-tracker.js";
import { KeptVerdicts } from "../../src/delivery/kept-verdicts.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";

function delivery(receiveCount: number): SqsdDelivery {
  return {
    messageId: "slow-mail",
    receiveCount,
    firstReceivedAt: new Date(0),
    sentAt: undefined,
    senderId: undefined,
    task: undefined,
    queue: "worker-queue",
    path: "/",
    attributes: {},
  };
}

describe("a handler that succeeds after its timeout answered 500 (fake clock)", () => {
  let clock: Clock;
  beforeEach(() => {
    clock = install({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    clock.uninstall();
  });

  it("is not run again by the redelivery: 500, then 200 already-completed, one run", async () => {
    let runs = 0;
    const work = (receiveCount: number): Work => ({
      key: "message:slow-mail",
      delivery: delivery(receiveCount),
      name: undefined,
      parkedCopy: () => ({ body: "{}", attributes: {} }),
      prepare: () => ({
        ok: true,
        name: "send-email",
        timeoutMs: 1000,
        record: { key: "job#send-email#message:slow-mail", fingerprint: "" },
        // Ignores its signal, as nodemailer does.
        run: async () => {
          runs += 1;
          await new Promise((resolve) => setTimeout(resolve, 1500));
        },
      }),
    });
    const deps: DeliveryDeps = {
      tracker: new JobTracker(10),
      idempotency: new MemoryIdempotencyStore(100),
      deadLetter: undefined,
      verdicts: new KeptVerdicts(100),
    };

    const first = deliver(work(1), deps);
    await clock.tickAsync(1000);
    expect((await first).outcome.reason).to.equal("timed-out");

    await clock.tickAsync(500);
    const second = deliver(work(2), deps);
    await clock.tickAsync(1500); // time enough for a second run to time out, were there one
    expect((await second).outcome.reason).to.equal("already-completed");
    expect(runs).to.equal(1);
  });
});
