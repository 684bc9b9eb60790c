import { expect } from "chai";
import { createDaemonEvents } from "../../src/daemon/events.js";
import { createJobHistory } from "../../src/console/job-history.js";
import { readJobLogRecord } from "../../src/console/job-log-record.js";

/** The app's outcome line for a job, as src/delivery/http/log-outcome.ts writes it. */
function outcomeLine(fields: Record<string, unknown>): string {
  return JSON.stringify({ level: 30, time: 1_800_000_000_000, msg: "job outcome", ...fields });
}

describe("the console's job history", () => {
  it("shows a received job as running, then as finished with the app's type, outcome and duration", () => {
    const events = createDaemonEvents();
    const history = createJobHistory(300, () => 1_000);
    history.follow(events);
    events.emit("received", {
      messageId: "m-1",
      receiveCount: 1,
      path: "/",
      body: '{"type":"send-email","payload":{}}',
    });
    expect(history.snapshot().running.map((job) => [job.name, job.messageId])).to.deep.equal([
      ["send-email", "m-1"],
    ]);
    events.emit("posted", { messageId: "m-1", receiveCount: 1, url: "/", status: 200, seconds: 2 });
    const record = readJobLogRecord(
      outcomeLine({
        jobType: "send-email",
        messageId: "m-1",
        receiveCount: 1,
        durationMs: 12.5,
        outcome: "completed",
        status: 200,
      }),
    );
    history.logged(record!);
    const { running, recent } = history.snapshot();
    expect(running).to.deep.equal([]);
    expect(recent).to.have.length(1);
    expect(recent[0]).to.include({
      name: "send-email",
      kind: "job",
      attempt: 1,
      outcome: "completed",
      status: 200,
      durationMs: 12.5,
      startedAt: 1_000,
      finishedAt: 1_800_000_000_000,
    });
  });

  it("keeps the app's exact duration when the daemon's answer comes after the app's line", () => {
    const events = createDaemonEvents();
    const history = createJobHistory();
    history.follow(events);
    history.logged(
      readJobLogRecord(
        outcomeLine({
          jobType: "noop",
          messageId: "m-2",
          receiveCount: 3,
          durationMs: 4,
          outcome: "completed",
          status: 200,
        }),
      )!,
    );
    events.emit("posted", { messageId: "m-2", receiveCount: 3, url: "/", status: 200, seconds: 1 });
    expect(history.snapshot().recent.map((job) => [job.attempt, job.durationMs])).to.deep.equal([
      [3, 4],
    ]);
  });

  it("records a failed attempt with the handler's error message, and a task by its name", () => {
    const history = createJobHistory();
    history.logged(
      readJobLogRecord(
        JSON.stringify({
          level: 50,
          msg: "job failed, will be retried: the handler threw",
          jobType: "send-email",
          messageId: "m-3",
          receiveCount: 2,
          outcome: "handler-failed",
          status: 500,
          err: { type: "Error", message: "SMTP refused", stack: "Error: SMTP refused\n  at …" },
        }),
      )!,
    );
    history.logged(
      readJobLogRecord(
        outcomeLine({
          jobType: "daily-digest",
          task: "daily-digest",
          messageId: "m-4",
          receiveCount: 1,
          outcome: "completed",
          status: 200,
        }),
      )!,
    );
    const [task, failed] = history.snapshot().recent;
    expect(failed).to.include({ outcome: "handler-failed", error: "SMTP refused", attempt: 2 });
    expect(task).to.include({ kind: "task", name: "daily-digest", error: undefined });
  });

  it("says the daemon got no answer when the POST was cut off, and drops a message that was never POSTed", () => {
    const events = createDaemonEvents();
    const history = createJobHistory();
    history.follow(events);
    for (const messageId of ["m-5", "m-6"]) {
      events.emit("received", { messageId, receiveCount: 1, path: "/", body: "{}" });
    }
    events.emit("socket-error", {
      messageId: "m-5",
      receiveCount: 1,
      url: "/",
      error: "ETIMEDOUT",
      seconds: 60,
    });
    events.emit("visibility-expired", { messageId: "m-6", receiveCount: 1 });
    const { running, recent } = history.snapshot();
    expect(running).to.deep.equal([]);
    expect(recent.map((job) => [job.messageId, job.outcome])).to.deep.equal([
      ["m-5", "socket-error ETIMEDOUT"],
    ]);
  });

  it("keeps only the newest attempts up to its limit", () => {
    const history = createJobHistory(2);
    for (const n of [1, 2, 3]) {
      history.logged(
        readJobLogRecord(
          outcomeLine({
            jobType: "noop",
            messageId: `m-${n}`,
            receiveCount: 1,
            outcome: "completed",
            status: 200,
          }),
        )!,
      );
    }
    expect(history.snapshot().recent.map((job) => job.messageId)).to.deep.equal(["m-3", "m-2"]);
  });

  it("reads no job from a line that is not a delivery's outcome", () => {
    const request = JSON.stringify({
      level: 30,
      msg: "request completed",
      req: { messageId: "m" },
    });
    expect(readJobLogRecord(request)).to.equal(undefined);
    expect(readJobLogRecord("plain text")).to.equal(undefined);
  });
});
