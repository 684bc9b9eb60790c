/** How big: the two modes of `npm run reliability`. */

export interface ReliabilitySettings {
  mode: "quick" | "full";
  /** Jobs in each kill -9 scenario. */
  killJobs: number;
  /** Jobs in each SQS-fault scenario (one per fault kind). */
  faultJobs: number;
  /** Rolling deploys in the deploy scenario, and seconds of load around each. */
  deploys: number;
  deploySeconds: number;
  /** Slow jobs near the timeout chain's limits. */
  slowJobs: number;
  /** Generated requests sent straight to the app. */
  fuzzRequests: number;
  /** Seconds of load at 50 connections. */
  loadSeconds: number;
  /** Jobs in each two-instances, one-store scenario (before the 20 % sent twice). */
  sharedStoreJobs: number;
}

export const QUICK: ReliabilitySettings = {
  mode: "quick",
  killJobs: 1_000,
  faultJobs: 200,
  deploys: 1,
  deploySeconds: 2,
  slowJobs: 10,
  fuzzRequests: 5_000,
  loadSeconds: 3,
  sharedStoreJobs: 1_000,
};

export const FULL: ReliabilitySettings = {
  mode: "full",
  killJobs: 10_000,
  faultJobs: 2_000,
  deploys: 3,
  deploySeconds: 4,
  slowJobs: 60,
  fuzzRequests: 100_000,
  loadSeconds: 30,
  sharedStoreJobs: 10_000,
};
