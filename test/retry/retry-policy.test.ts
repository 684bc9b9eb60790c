import { expect } from "chai";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import {
  backoffSeconds,
  resolveRetryPolicy,
  retryPolicyProblems,
  RetryPolicyError,
} from "../../src/retry/retry-policy.js";

describe("retry policy", () => {
  describe("backoff", () => {
    const policy = resolveRetryPolicy("t", {
      attempts: 10,
      initialDelaySeconds: 10,
      factor: 2,
      maxDelaySeconds: 100,
      jitter: 0.2,
    });

    it("doubles the wait after each failed attempt, up to the cap, without jitter's shortening", () => {
      const waits = [1, 2, 3, 4, 5].map((attempt) => backoffSeconds(policy, attempt, () => 0));
      expect(waits).to.deep.equal([10, 20, 40, 80, 100]);
    });

    it("shortens each wait by at most the jitter fraction, so the waits still grow", () => {
      const longest = (attempt: number) => backoffSeconds(policy, attempt, () => 0);
      const shortest = (attempt: number) => backoffSeconds(policy, attempt, () => 0.999999);
      expect([1, 2, 3].map(shortest)).to.deep.equal([9, 17, 33]);
      for (const attempt of [1, 2, 3]) {
        expect(shortest(attempt + 1)).to.be.greaterThan(longest(attempt));
      }
    });

    it("fills in the documented defaults: 10 s, doubled, capped at 900 s, 20 % jitter", () => {
      const defaults = resolveRetryPolicy("t", { attempts: 3 });
      expect(defaults).to.include({
        attempts: 3,
        initialDelaySeconds: 10,
        factor: 2,
        maxDelaySeconds: 900,
        jitter: 0.2,
      });
      expect(defaults.isPermanent(new Error("x"))).to.equal(false);
      expect(backoffSeconds(defaults, 20, () => 0)).to.equal(900);
    });
  });

  describe("checks", () => {
    it("names every broken rule with the value it got", () => {
      expect(
        retryPolicyProblems({
          attempts: 0,
          initialDelaySeconds: -1,
          factor: 0.5,
          maxDelaySeconds: Number.NaN,
          jitter: 2,
        }),
      ).to.deep.equal([
        "Expected attempts to be a whole number from 1 to 100, got 0",
        "Expected initialDelaySeconds to be a number of seconds from 0 to 43200, got -1",
        "Expected factor to be from 1 to 100, got 0.5",
        "Expected maxDelaySeconds to be a number of seconds from 0 to 43200, got NaN",
        "Expected jitter to be from 0 to 1, got 2",
      ]);
    });

    it("makes defineJob refuse a job type whose policy breaks a rule, naming the job type", () => {
      const define = () =>
        defineJob({
          name: "flaky",
          payload: z.unknown(),
          retry: { attempts: 1.5 },
          handle: () => Promise.resolve(),
        });
      expect(define)
        .to.throw(RetryPolicyError)
        .with.property(
          "message",
          'Invalid retry policy of "flaky":\n  - Expected attempts to be a whole number from 1 to 100, got 1.5',
        );
    });
  });
});
