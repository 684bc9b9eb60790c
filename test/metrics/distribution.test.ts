import { expect } from "chai";
import {
  Distribution,
  EMF_MAX_VALUES,
  MILLISECONDS_SCALE,
  SMALL_COUNT_SCALE,
} from "../../src/metrics/distribution.js";

describe("a distribution of values between two flushes", () => {
  it("keeps the exact count, sum, min and max, and values within them", () => {
    const distribution = new Distribution(MILLISECONDS_SCALE);
    for (const value of [0.2, 3, 3.1, 250, 1000]) distribution.add(value);
    const histogram = distribution.take();
    expect(histogram).to.include({ Count: 5, Min: 0.2, Max: 1000 });
    expect(histogram?.Sum).to.be.closeTo(1256.3, 1e-9);
    expect(histogram?.Counts.reduce((a, b) => a + b, 0)).to.equal(5);
    for (const value of histogram?.Values ?? []) expect(value).to.be.within(0.2, 1000);
  });

  it("puts values within 10 % of each other in one bucket, so many jobs make few values", () => {
    const distribution = new Distribution(MILLISECONDS_SCALE);
    for (let i = 0; i < 10_000; i += 1) distribution.add(100 + (i % 5));
    const histogram = distribution.take();
    expect(histogram?.Count).to.equal(10_000);
    expect(histogram?.Values.length).to.be.at.most(2);
  });

  it("merges neighbouring buckets until at most 100 values remain, losing no count", () => {
    const distribution = new Distribution(MILLISECONDS_SCALE);
    // 0.01 ms to 10^8 ms: about 240 buckets of 10 %.
    for (let exponent = -2; exponent <= 8; exponent += 0.01) distribution.add(10 ** exponent);
    const histogram = distribution.take();
    expect(histogram?.Values.length).to.be.at.most(EMF_MAX_VALUES).and.greaterThan(50);
    expect(histogram?.Counts.reduce((a, b) => a + b, 0)).to.equal(histogram?.Count);
    expect(histogram?.Values).to.deep.equal([...(histogram?.Values ?? [])].sort((a, b) => a - b));
  });

  it("counts attempt numbers exactly", () => {
    const distribution = new Distribution(SMALL_COUNT_SCALE);
    for (const attempt of [1, 1, 1, 2, 10]) distribution.add(attempt);
    expect(distribution.take()).to.deep.equal({
      Values: [1, 2, 10],
      Counts: [3, 1, 1],
      Max: 10,
      Min: 1,
      Count: 5,
      Sum: 15,
    });
  });

  it("is empty after a take, and takes nothing when nothing was added", () => {
    const distribution = new Distribution(MILLISECONDS_SCALE);
    distribution.add(5);
    distribution.take();
    expect(distribution.take()).to.equal(undefined);
  });
});
