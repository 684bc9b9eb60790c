import { expect } from "chai";
import {
  attemptOf,
  formatRetryState,
  MAX_ERROR_LENGTH,
  MAX_HISTORY,
  readRetryState,
  type RetryState,
} from "../../src/retry/retry-state.js";
import { delivery } from "../jobs/job-context.js";

describe("the worker.retry attribute", () => {
  const state: RetryState = {
    attempt: 3,
    originalMessageId: "m-1",
    history: [
      { attempt: 1, failedAt: "2026-11-27T00:00:00.000Z", error: "Error: one", delaySeconds: 10 },
      { attempt: 2, failedAt: "2026-11-27T00:00:10.000Z", error: "Error: two", delaySeconds: 20 },
    ],
  };

  it("reads back what it wrote", () => {
    const read = readRetryState(
      delivery({ attributes: { "worker.retry": formatRetryState(state) } }),
    );
    expect(read).to.deep.equal(state);
  });

  it("writes only printable ASCII, so it survives as an HTTP header and can be signed", () => {
    const value = formatRetryState({
      ...state,
      history: [{ attempt: 1, failedAt: "x", error: "Error: café\nnaïve ☕ \u0000" }],
    });
    expect(value).to.match(/^[\x20-\x7e]+$/);
    const read = readRetryState(delivery({ attributes: { "worker.retry": value } }));
    expect(read?.history[0]?.error).to.equal("Error: café\nnaïve ☕ \u0000");
  });

  it("keeps the latest failed attempts and shortens long errors, so the header stays small", () => {
    const history = Array.from({ length: 30 }, (_, index) => ({
      attempt: index + 1,
      failedAt: new Date(0).toISOString(),
      error: `Error: ${"x".repeat(1000)}`,
      delaySeconds: 900,
    }));
    const value = formatRetryState({ ...state, attempt: 31, history });
    const read = readRetryState(delivery({ attributes: { "worker.retry": value } }));
    expect(read?.history.map((entry) => entry.attempt)).to.deep.equal(
      history.slice(-MAX_HISTORY).map((entry) => entry.attempt),
    );
    expect(read?.history[0]?.error.length).to.equal(MAX_ERROR_LENGTH);
    expect(value.length).to.be.below(4096);
  });

  it("treats a mangled attribute as no retry state rather than refusing the job", () => {
    expect(readRetryState(delivery({ attributes: { "worker.retry": "{not json" } }))).to.equal(
      undefined,
    );
    expect(
      readRetryState(delivery({ attributes: { "worker.retry": '{"attempt":"2"}' } })),
    ).to.equal(undefined);
  });

  it("counts the attempt across copies and sqsd's own redeliveries of a copy", () => {
    expect(attemptOf(delivery({ receiveCount: 1 }), undefined)).to.equal(1);
    expect(attemptOf(delivery({ receiveCount: 3 }), undefined)).to.equal(3);
    expect(attemptOf(delivery({ receiveCount: 1 }), state)).to.equal(3);
    expect(attemptOf(delivery({ receiveCount: 2 }), state)).to.equal(4);
  });
});
