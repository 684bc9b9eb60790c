import { expect } from "chai";
import { install, type Clock } from "@sinonjs/fake-timers";
import { createBatcher } from "../../src/daemon/batcher.js";

describe("batching SQS calls", function () {
  let clock: Clock;
  beforeEach(() => {
    clock = install({ toFake: ["setTimeout", "clearTimeout"] });
  });
  afterEach(() => {
    clock.uninstall();
  });

  function recordingBatcher(flushMs: number) {
    const batches: number[][] = [];
    const batcher = createBatcher<number>(flushMs, (entries) => {
      batches.push(entries);
      return Promise.resolve();
    });
    return { batcher, batches };
  }

  it("sends a batch as soon as 10 entries are waiting", () => {
    const { batcher, batches } = recordingBatcher(100);
    for (let n = 0; n < 23; n += 1) batcher.add(n);
    expect(batches.map((batch) => batch.length)).to.deep.equal([10, 10]);
  });

  it("sends a partial batch when its oldest entry has waited flushMs, not before", () => {
    const { batcher, batches } = recordingBatcher(100);
    batcher.add(1);
    clock.tick(60);
    batcher.add(2);
    clock.tick(39);
    expect(batches.length).to.equal(0);
    clock.tick(1);
    expect(batches).to.deep.equal([[1, 2]]);
  });

  it("sends everything pending on flush, and resolves once it is sent", async () => {
    const { batcher, batches } = recordingBatcher(100);
    batcher.add(1);
    await batcher.flush();
    expect(batches).to.deep.equal([[1]]);
    clock.tick(100);
    expect(batches.length).to.equal(1);
  });
});
