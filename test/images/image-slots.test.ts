import { expect } from "chai";
import { createImageSlots } from "../../src/images/image-slots.js";
import { expectRejection } from "../support/expect-rejection.js";

/** A promise and the function that settles it, so a test decides when work ends. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

describe("image slots", () => {
  it("runs at most as many images at once as it has slots, and the next when one ends", async () => {
    const slots = createImageSlots(2);
    const signal = new AbortController().signal;
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      slots.run(async () => {
        started.push(index);
        await g.promise;
      }, signal),
    );
    await Promise.resolve();
    expect(started).to.deep.equal([0, 1]);

    gates[0]?.open();
    await runs[0];
    await Promise.resolve();
    expect(started).to.deep.equal([0, 1, 2]);
    gates[1]?.open();
    gates[2]?.open();
    await Promise.all(runs);
  });

  it("gives up waiting when the job's signal fires, without taking a slot", async () => {
    const slots = createImageSlots(1);
    const busy = gate();
    const first = slots.run(() => busy.promise, new AbortController().signal);
    const controller = new AbortController();
    let ran = false;
    const waiting = slots.run(() => {
      ran = true;
      return Promise.resolve();
    }, controller.signal);

    controller.abort(new Error("Job exceeded its timeout of 10 ms"));

    expect((await expectRejection(waiting)).message).to.equal("Job exceeded its timeout of 10 ms");
    busy.open();
    await first;
    await slots.run(() => Promise.resolve(), new AbortController().signal);
    expect(ran).to.equal(false);
  });
});
