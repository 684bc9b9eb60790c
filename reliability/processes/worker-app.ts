/**
 * The worker app exactly as production starts it (src/server.ts: configuration from the
 * environment, SIGTERM drain, exit), plus one test-only job type, `reliability-probe`, whose
 * side effect the harness can see from outside: each successful run appends one line
 * `<job id> <pid> <receive count>` to a file. The line is written with a synchronous append, so a
 * run whose line is in the file really happened, even if the process is killed a moment later.
 *
 * The production registry (src/jobs/index.ts) is an array that createApp reads when server.ts
 * starts; the probe is pushed onto it before server.ts is imported. No other code is changed.
 */
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { getHeapSpaceStatistics, writeHeapSnapshot } from "node:v8";
import { z } from "zod";
import type { JobDefinition } from "../../src/jobs/define-job.js";
import { defineJob } from "../../src/jobs/define-job.js";
import { jobs } from "../../src/jobs/index.js";
import { childOptions } from "../../bench/lib/child.js";
import { PROBE_JOB_TYPE } from "../lib/probe-job.js";

export interface WorkerAppProcessOptions {
  /** Where each completed run appends its line. */
  runsFile: string;
}

const { runsFile } = childOptions() as WorkerAppProcessOptions;

const probe = defineJob({
  name: PROBE_JOB_TYPE,
  payload: z.object({
    id: z.string().min(1),
    /** How long the job works before its side effect. */
    workMs: z.number().int().nonnegative().default(0),
    /** Like nodemailer's send: the work goes on after the job's signal fires. */
    ignoresSignal: z.boolean().default(false),
  }),
  async handle({ id, workMs, ignoresSignal }, { signal, delivery }) {
    if (workMs > 0) await sleep(workMs, undefined, ignoresSignal ? {} : { signal });
    appendFileSync(runsFile, `${id} ${process.pid} ${delivery.receiveCount}\n`);
  },
});

(jobs as unknown as JobDefinition[]).push(probe);

// The harness reads the app's memory split (heap, external, buffers) while RSS climbs, to say
// where the memory goes; /proc gives it RSS only.
process.on("message", (message: { kind?: string; path?: string }) => {
  if (message.kind === "memory") {
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((space) => [
        space.space_name,
        { used: space.space_used_size, committed: space.physical_space_size },
      ]),
    );
    process.send?.({ kind: "memory", ...process.memoryUsage(), spaces });
  }
  if (message.kind === "heap-snapshot" && message.path) {
    process.send?.({ kind: "heap-snapshot", path: writeHeapSnapshot(message.path) });
  }
});
// The channel must not keep the process alive: a server.ts that fails to start must exit.
process.channel?.unref();
// A harness that goes away takes the app with it. Not SIGTERM: that is server.ts's drain.
process.once("disconnect", () => process.exit(0));

await import("../../src/server.js");
