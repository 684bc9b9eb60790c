import { z } from "zod";
import { defineJob } from "./define-job.js";

/** Does nothing and succeeds: for smoke tests of a deployment and for benchmarks. */
export const noop = defineJob({
  name: "noop",
  payload: z.object({}).loose(),
  async handle() {},
});
