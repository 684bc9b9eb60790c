import { expect } from "chai";
import { backOffMs, isPermanent, isThrottling } from "../../src/daemon/back-off.js";
import { injectedServerError } from "../support/sqs-faults.js";
import { RequestThrottled, ReceiptHandleIsInvalid } from "@aws-sdk/client-sqs";

describe("daemon: the back-off between SQS attempts", function () {
  it("backs off exponentially with jitter, and longer when throttled", () => {
    const low = (): number => 0;
    const high = (): number => 0.999;
    expect(backOffMs(0, false, low)).to.equal(50);
    expect(backOffMs(0, false, high)).to.be.within(99, 100);
    expect(backOffMs(3, false, low)).to.equal(400);
    expect(backOffMs(0, true, low)).to.be.at.least(500);
    expect(backOffMs(20, false, high)).to.be.at.most(10_000);
    expect(backOffMs(2, false, () => 0.25)).to.not.equal(backOffMs(2, false, () => 0.75));
  });

  it("retries server errors and throttling, never a client fault another attempt cannot change", () => {
    const throttled = new RequestThrottled({ message: "slow down", $metadata: {} });
    const invalid = new ReceiptHandleIsInvalid({ message: "expired", $metadata: {} });
    expect(isThrottling(throttled)).to.equal(true);
    expect(isPermanent(throttled)).to.equal(false);
    expect(isPermanent(injectedServerError("DeleteMessage"))).to.equal(false);
    expect(isPermanent(new Error("socket hang up"))).to.equal(false);
    expect(isPermanent(invalid)).to.equal(true);
  });
});
