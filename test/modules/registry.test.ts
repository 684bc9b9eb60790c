import { expect } from "chai";
import { z } from "zod";
import { createRegistry, RegistryError } from "../../src/modules/registry.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { jobs } from "../../src/jobs/index.js";
import { loadConfig } from "../../src/config.js";

const named = (name: string, timeoutSeconds?: number) =>
  defineJob({
    name,
    payload: z.unknown(),
    handle: () => Promise.resolve(),
    ...(timeoutSeconds ? { timeoutSeconds } : {}),
  });

describe("the job registry check at start-up", () => {
  it("accepts the project's own registry", () => {
    // Shipped jobs declare settings (enrich-contact's), which loadConfig reads with the rest.
    const { jobSettings } = loadConfig({});
    expect(() => createRegistry("job type", jobs, jobSettings)).not.to.throw();
  });

  it("rejects duplicate names, names off the pattern and bad timeouts, listing them all", () => {
    const check = () =>
      createRegistry("job type", [
        named("send-email"),
        named("send-email"),
        named("Resize_Image"),
        named("slow", -1),
      ]);
    expect(check)
      .to.throw(RegistryError)
      .with.property(
        "message",
        [
          "Invalid registry:",
          '  - The job type "send-email" is registered twice',
          '  - Expected job type names to be lowercase words joined by hyphens (^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$), got "Resize_Image"',
          '  - Expected the job type "slow" timeoutSeconds to be a positive number, got -1',
        ].join("\n"),
      );
  });

  it("rejects a concurrency limit that is not a whole number of at least 1", () => {
    const limited = (name: string, concurrency: number) =>
      defineJob({ name, payload: z.unknown(), concurrency, handle: () => Promise.resolve() });
    expect(() => createRegistry("job type", [limited("zero", 0), limited("half", 1.5)]))
      .to.throw(RegistryError)
      .with.property(
        "message",
        [
          "Invalid registry:",
          '  - Expected the job type "zero" concurrency to be a whole number of at least 1, got 0',
          '  - Expected the job type "half" concurrency to be a whole number of at least 1, got 1.5',
        ].join("\n"),
      );
  });
});
