/**
 * Issue 9 item 11 (user request 13): back-pressure per job type. A job type may declare how many
 * of its jobs run at once; one more is answered at once with a retry status instead of holding
 * sqsd's connection, and other job types keep flowing.
 */
import { expect } from "chai";
import { z } from "zod";
import { defineJob } from "../../src/jobs/define-job.js";
import { echoJob, gate, recorder } from "../fixtures/jobs.js";
import { postJob } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

/** Holds every run until released, and opens `second` when a second run starts beside the first. */
function limitedJob(
  state: { running: number; release: ReturnType<typeof gate> },
  started: ReturnType<typeof gate>,
  second: ReturnType<typeof gate>,
) {
  return defineJob({
    name: "resize-image",
    payload: z.unknown(),
    concurrency: 1,
    async handle() {
      state.running += 1;
      started.open();
      if (state.running === 2) second.open();
      await state.release.promise;
      state.running -= 1;
    },
  });
}

describe("a concurrency limit per job type", () => {
  it("answers a job over its type's limit at once with 503 job-type-busy, while other types still run", async () => {
    const state = { running: 0, release: gate() };
    const started = gate();
    const second = gate();
    const worker = testWorker({
      jobs: [limitedJob(state, started, second), echoJob(recorder())],
      env: { WORKER_MAX_CONCURRENT_JOBS: "10" },
    });
    const first = postJob(worker.app, "resize-image", {}).then((res) => res);
    await started.promise;

    const over = await Promise.race([
      postJob(worker.app, "resize-image", {}).then((res) => res),
      second.promise.then(() => expect.fail("a second resize-image ran beside the first")),
    ]);
    expect(over.status).to.equal(503);
    expect(over.body.reason).to.equal("job-type-busy");
    expect(over.body.message).to.equal(
      'Job type "resize-image" is at its concurrency limit of 1; sqsd will deliver this message again (one more receive toward MaxRetries)',
    );
    await postJob(worker.app, "echo", { n: 1 }).expect(200);

    state.release.open();
    expect((await first).status).to.equal(200);
    await new Promise(setImmediate); // the slot is given back one turn after the handler returns
    await postJob(worker.app, "resize-image", {}).expect(200);
  });
});
