import { expect } from "chai";
import { parseRetryAfter } from "../../src/retry/retry-after-header.js";

describe("the Retry-After header", () => {
  const now = Date.parse("2026-11-27T12:00:00Z");

  it("reads a number of seconds", () => {
    expect(parseRetryAfter("5", now)).to.equal(5);
    expect(parseRetryAfter(" 120 ", now)).to.equal(120);
  });

  it("reads an HTTP date as the seconds until then, never below zero", () => {
    expect(parseRetryAfter("Fri, 27 Nov 2026 12:00:30 GMT", now)).to.equal(30);
    expect(parseRetryAfter("Fri, 27 Nov 2026 11:00:00 GMT", now)).to.equal(0);
  });

  it("ignores an absent or unreadable header, so the backoff applies", () => {
    expect(parseRetryAfter(null, now)).to.equal(undefined);
    expect(parseRetryAfter("", now)).to.equal(undefined);
    expect(parseRetryAfter("-5", now)).to.equal(undefined);
    expect(parseRetryAfter("soon", now)).to.equal(undefined);
  });
});
