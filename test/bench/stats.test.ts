import { expect } from "chai";
import { percentile, summarize } from "../../bench/lib/stats.js";
import { ratioOf } from "../../bench/report/results.js";

describe("bench statistics", () => {
  it("takes the median of an odd number of runs as the middle one, with min and max", () => {
    expect(summarize([30, 10, 20])).to.deep.equal({
      median: 20,
      min: 10,
      max: 30,
      runs: [30, 10, 20],
    });
  });

  it("takes the median of an even number of runs as the mean of the middle two", () => {
    expect(summarize([4, 1, 3, 2]).median).to.equal(2.5);
  });

  it("picks percentiles by nearest rank", () => {
    const samples = Array.from({ length: 200 }, (_, i) => 200 - i);
    expect(percentile(samples, 0.5)).to.equal(100);
    expect(percentile(samples, 0.99)).to.equal(198);
    expect(percentile([7], 0.99)).to.equal(7);
  });

  it("refuses to summarise nothing", () => {
    expect(() => summarize([])).to.throw("Expected at least one run, got none");
    expect(() => percentile([], 0.5)).to.throw("Expected at least one sample, got none");
  });

  it("compares contenders by the ratio of their medians, with the round-by-round spread", () => {
    const ratio = ratioOf("a / b", [200, 300, 250], [100, 100, 125]);
    expect(ratio.ratio).to.equal(2.5);
    expect(ratio.byRound.min).to.equal(2);
    expect(ratio.byRound.max).to.equal(3);
  });
});
