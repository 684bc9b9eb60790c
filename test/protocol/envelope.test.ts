import { expect } from "chai";
import { encodeJob } from "../../src/protocol/envelope.js";

describe("encodeJob", () => {
  it("encodes the job as the {type, payload} envelope", () => {
    expect(encodeJob("noop", { n: 1 })).to.equal('{"type":"noop","payload":{"n":1}}');
  });

  it("escapes the noncharacters SQS refuses in a body, keeping the payload intact", () => {
    const payload = { text: "a\uFFFEb\uFFFFc" };
    const body = encodeJob("noop", payload);

    expect(body).to.equal('{"type":"noop","payload":{"text":"a\\ufffeb\\uffffc"}}');
    expect(JSON.parse(body)).to.deep.equal({ type: "noop", payload });
  });
});
