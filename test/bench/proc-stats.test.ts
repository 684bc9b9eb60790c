import { expect } from "chai";
import { cpuSeconds, memoryUse } from "../../bench/lib/proc-stats.js";

describe("process CPU and memory from /proc", () => {
  it("reads this process's CPU time, which only grows", () => {
    const before = cpuSeconds(process.pid);
    let sink = 0;
    for (let i = 0; i < 2_000_000; i++) sink += Math.sqrt(i);
    expect(sink).to.be.greaterThan(0);
    expect(before).to.be.greaterThan(0);
    expect(cpuSeconds(process.pid)).to.be.at.least(before);
  });

  it("reads this process's resident memory, never above its peak", () => {
    const { rssMB, peakRssMB } = memoryUse(process.pid);
    expect(rssMB).to.be.greaterThan(10);
    expect(peakRssMB).to.be.at.least(rssMB);
    // The same figure Node.js reports, within what changed between the two reads.
    expect(Math.abs(rssMB - process.memoryUsage.rss() / 1e6)).to.be.lessThan(20);
  });
});
