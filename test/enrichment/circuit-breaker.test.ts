import { expect } from "chai";
import { CircuitBreaker, type Admission } from "../../src/enrichment/circuit-breaker.js";

describe("circuit breaker", () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, openMs: 10_000 }, () => now);
  const call = (circuit: CircuitBreaker, result: "success" | "failure" | "neutral") => {
    const admission = circuit.admit();
    if (!admission.allowed) throw new Error("Expected the call to be let through, got refused");
    return admission.permit.done(result);
  };
  const refusal = (admission: Admission) => (admission.allowed ? undefined : admission.retryInMs);

  beforeEach(() => {
    now = 1_000_000;
  });

  it("opens after the configured failures in a row, and refuses calls with the time left", () => {
    const circuit = breaker();
    expect(call(circuit, "failure")).to.equal(undefined);
    expect(call(circuit, "failure")).to.equal(undefined);
    expect(call(circuit, "failure")).to.equal("open");
    now += 4_000;
    expect(refusal(circuit.admit())).to.equal(6_000);
  });

  it("counts only failures in a row: a success in between starts again", () => {
    const circuit = breaker();
    call(circuit, "failure");
    call(circuit, "failure");
    call(circuit, "success");
    call(circuit, "failure");
    call(circuit, "failure");
    expect(circuit.state).to.equal("closed");
  });

  it("does not count a throttling answer either way", () => {
    const circuit = breaker();
    call(circuit, "failure");
    call(circuit, "failure");
    call(circuit, "neutral");
    expect(circuit.state).to.equal("closed");
    expect(call(circuit, "failure")).to.equal("open");
  });

  it("lets one trial through once the open time is over, and closes again when it succeeds", () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i += 1) call(circuit, "failure");
    now += 10_000;
    expect(circuit.state).to.equal("half-open");
    const trial = circuit.admit();
    expect(refusal(circuit.admit())).to.equal(10_000);
    if (!trial.allowed) throw new Error("Expected a trial call, got refused");
    expect(trial.permit.done("success")).to.equal("closed");
    expect(circuit.admit().allowed).to.equal(true);
  });

  it("opens again at once when the trial fails", () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i += 1) call(circuit, "failure");
    now += 10_000;
    expect(call(circuit, "failure")).to.equal("open");
    expect(refusal(circuit.admit())).to.equal(10_000);
  });

  it("takes each permit's report once", () => {
    const circuit = breaker();
    const admission = circuit.admit();
    if (!admission.allowed) throw new Error("Expected the call to be let through");
    admission.permit.done("failure");
    admission.permit.done("failure");
    admission.permit.done("failure");
    expect(circuit.state).to.equal("closed");
  });
});
