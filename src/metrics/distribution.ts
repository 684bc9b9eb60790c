/**
 * A distribution of values aggregated in memory between two flushes, written as one EMF
 * histogram: `Values` (bucket values) with their `Counts`, and the exact `Max`, `Min`, `Count`
 * and `Sum`. CloudWatch computes every statistic from that, percentiles within a bucket's width.
 *
 * Recording is allocation-free: a value only increments a slot of an array sized at start-up, so
 * a busy worker pays a logarithm and four comparisons per value, and memory does not grow with
 * traffic. Only `take()` (once per flush) allocates.
 */

/** The most values (distinct buckets) one EMF metric may carry. */
export const EMF_MAX_VALUES = 100;

/** How values map to buckets: a fixed number of them, each with the value that stands for it. */
export interface BucketScale {
  readonly size: number;
  indexOf(value: number): number;
  valueOf(index: number): number;
}

/**
 * Buckets 10 % wide from 0.01 ms up (the same relative width AWS's own EMF library uses for its
 * histograms), bucket 0 holding zero and below; 270 buckets reach past 14 days, SQS's longest
 * retention, so a queue lag never overflows.
 */
export const MILLISECONDS_SCALE: BucketScale = logScale(0.01, 1.1, 270);

/** Whole numbers 0 to 100 exactly (an attempt number); larger ones share the last bucket. */
export const SMALL_COUNT_SCALE: BucketScale = {
  size: 101,
  indexOf: (value) => Math.min(100, Math.max(0, Math.round(value))),
  valueOf: (index) => index,
};

function logScale(lowest: number, growth: number, size: number): BucketScale {
  const logGrowth = Math.log(growth);
  return {
    size,
    indexOf(value) {
      if (!(value > 0)) return 0;
      const index = 1 + Math.floor(Math.log(value / lowest) / logGrowth);
      return index < 1 ? 1 : index >= size ? size - 1 : index;
    },
    // The bucket's geometric middle; take() keeps it within the exact Min and Max.
    valueOf: (index) => (index === 0 ? 0 : lowest * Math.pow(growth, index - 0.5)),
  };
}

/** One metric's histogram in EMF's shape. */
export interface EmfHistogram {
  Values: number[];
  Counts: number[];
  Max: number;
  Min: number;
  Count: number;
  Sum: number;
}

export class Distribution {
  private readonly buckets: Float64Array;
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(private readonly scale: BucketScale) {
    this.buckets = new Float64Array(scale.size);
  }

  add(value: number): void {
    const index = this.scale.indexOf(value);
    this.buckets[index] = (this.buckets[index] ?? 0) + 1;
    this.count += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** The histogram of the values added since the last take, then empty; undefined if none. */
  take(): EmfHistogram | undefined {
    if (this.count === 0) return undefined;
    let values: number[] = [];
    let counts: number[] = [];
    for (let index = 0; index < this.buckets.length; index += 1) {
      const count = this.buckets[index] ?? 0;
      if (count === 0) continue;
      values.push(clamp(this.scale.valueOf(index), this.min, this.max));
      counts.push(count);
    }
    while (values.length > EMF_MAX_VALUES) [values, counts] = mergeNeighbours(values, counts);
    const histogram = {
      Values: values,
      Counts: counts,
      Max: this.max,
      Min: this.min,
      Count: this.count,
      Sum: this.sum,
    };
    this.buckets.fill(0);
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    return histogram;
  }
}

/**
 * Halves the number of buckets by merging each pair into its count-weighted mean: coarser
 * percentiles, never a dropped value (EMF refuses more than 100 values per metric).
 */
function mergeNeighbours(values: number[], counts: number[]): [number[], number[]] {
  const mergedValues: number[] = [];
  const mergedCounts: number[] = [];
  for (let index = 0; index < values.length; index += 2) {
    const count = counts[index] ?? 0;
    const nextCount = counts[index + 1] ?? 0;
    const total = count + nextCount;
    mergedValues.push(
      ((values[index] ?? 0) * count + (values[index + 1] ?? 0) * nextCount) / total,
    );
    mergedCounts.push(total);
  }
  return [mergedValues, mergedCounts];
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
