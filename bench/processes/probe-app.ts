/**
 * The worker app with one extra, benchmark-only job type, `bench-probe`, whose handler tells the
 * harness (over IPC) the moment it starts. Used by the latency scenario; the production registry
 * in src/jobs/index.ts stays as it is.
 */
import { z } from "zod";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { jobs } from "../../src/jobs/index.js";
import { createSqsClient } from "../../src/sqs-client.js";
import { announceReady, exitWithHarness } from "../lib/child.js";
import { PROBE_JOB_TYPE, wallClockMs } from "../lib/probe.js";

const probe = defineJob({
  name: PROBE_JOB_TYPE,
  payload: z.object({ seq: z.number().int().nonnegative() }),
  handle({ seq }) {
    process.send?.({ kind: "probe", seq, at: wallClockMs() });
    return Promise.resolve();
  },
});

exitWithHarness();
const config = loadConfig(process.env);
const worker = createApp({
  config,
  sqs: createSqsClient(config),
  jobs: [...jobs, probe],
});
const server = worker.app.listen(config.port, config.host, () => {
  announceReady();
});
server.once("error", (error) => {
  console.error(error);
  process.exit(1);
});
