/** How big and how often: the two modes of `npm run bench`. */

export interface BenchSettings {
  mode: "quick" | "full";
  /** Messages pre-loaded for each throughput run. */
  throughputMessages: number;
  /** Rounds of the throughput scenario; each round runs every contender once, in turn. */
  throughputRounds: number;
  /** Seconds of load per dispatch run (after one unmeasured warm-up second per target). */
  dispatchSeconds: number;
  dispatchRounds: number;
  /** Single messages per latency run, sent one at a time on an idle queue. */
  latencyMessages: number;
  latencyRounds: number;
  /** Messages per run of the real-network scenario (every SQS call delayed), and its rounds. */
  networkMessages: number;
  networkRounds: number;
  /** The delays added to every SQS call, ms. */
  networkDelaysMs: readonly number[];
  /** Images per connection level of the watermark-image scenario. */
  watermarkImages: number;
  /** Jobs per run of the idempotency-store scenario (memory vs DynamoDB store), and its rounds. */
  idempotencyJobs: number;
  idempotencyRounds: number;
}

export const QUICK: BenchSettings = {
  mode: "quick",
  throughputMessages: 1_500,
  throughputRounds: 2,
  dispatchSeconds: 2,
  dispatchRounds: 2,
  latencyMessages: 50,
  latencyRounds: 2,
  // Quick mode shows the shape of the real-network case, not figures to quote: one delay.
  networkMessages: 300,
  networkRounds: 1,
  networkDelaysMs: [30],
  watermarkImages: 8,
  idempotencyJobs: 100,
  idempotencyRounds: 2,
};

export const FULL: BenchSettings = {
  mode: "full",
  // Fresh processes spend their first seconds warming up; short runs understate everyone.
  throughputMessages: 20_000,
  throughputRounds: 5,
  dispatchSeconds: 10,
  dispatchRounds: 3,
  latencyMessages: 200,
  latencyRounds: 3,
  networkMessages: 3_000,
  networkRounds: 2,
  networkDelaysMs: [10, 30],
  watermarkImages: 60,
  idempotencyJobs: 400,
  idempotencyRounds: 3,
};
