import assert from "node:assert/strict";
import { encodeJob } from "../../src/producer/envelope.js";

describe("encodeJob", () => {
  it("encodes the job as the {type, payload} envelope", () => {
    assert.equal(encodeJob("noop", { n: 1 }), '{"type":"noop","payload":{"n":1}}');
  });

  it("escapes the noncharacters SQS refuses in a body, keeping the payload intact", () => {
    const payload = { text: "a\uFFFEb\uFFFFc" };
    const body = encodeJob("noop", payload);

    assert.equal(body, '{"type":"noop","payload":{"text":"a\\ufffeb\\uffffc"}}');
    assert.deepEqual(JSON.parse(body), { type: "noop", payload });
  });
});
