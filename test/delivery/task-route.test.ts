import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import request from "supertest";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { readParkingDetails } from "../../src/protocol/message-attributes.js";
import { PermanentJobError } from "../../src/errors.js";
import { defineTask, type TaskContext } from "../../src/tasks/define-task.js";
import { countingTask } from "../fixtures/tasks.js";
import { startLocalSqs } from "../support/fauxqs.js";
import { postTask, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

const MINUTE = new Date("2024-05-01T23:00:00Z");

describe("POST /tasks/<name> (periodic tasks)", () => {
  it("runs the task with its name and scheduled minute, and answers 200", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [countingTask(runs)] });
    const res = await postTask(app, "nightly-report", MINUTE).expect(200);
    expect(res.body.reason).to.equal("completed");
    expect(runs).to.have.length(1);
    expect(runs[0]?.task).to.deep.equal({ name: "nightly-report", scheduledAt: MINUTE });
  });

  it("runs once per (task, scheduled minute), even when sent again as a new message", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [countingTask(runs)] });
    await postTask(app, "nightly-report", MINUTE, { messageId: "leader-a" }).expect(200);
    const again = await postTask(app, "nightly-report", MINUTE, { messageId: "leader-b" }).expect(
      200,
    );
    expect(again.body.reason).to.equal("already-completed");
    await postTask(app, "nightly-report", new Date("2024-05-02T23:00:00Z")).expect(200);
    expect(runs).to.have.length(2);
  });

  it("answers 400 when the Taskname header does not match the route", async () => {
    const runs: TaskContext[] = [];
    const { app } = testWorker({ tasks: [countingTask(runs)] });
    const res = await request(app).post("/tasks/nightly-report").set(sqsdHeaders()).expect(400);
    expect(res.body.message).to.equal(
      "Expected X-Aws-Sqsd-Taskname: nightly-report with X-Aws-Sqsd-Scheduled-At on /tasks/nightly-report, got none",
    );
    expect(runs).to.have.length(0);
  });

  it("answers 422 unknown-task for a task this deployment does not have, so it is parked rather than retried", async () => {
    const { app } = testWorker({ tasks: [] });
    const res = await postTask(app, "nightly-report", MINUTE).expect(422);
    expect(res.body).to.deep.equal({
      outcome: "rejected",
      reason: "unknown-task",
      message:
        'Unknown periodic task "nightly-report"; expected a module in src/tasks/ registered in src/tasks/index.ts',
    });
  });

  it("runs a parked minute again when its copy is redriven", async () => {
    const sqs = await startLocalSqs();
    try {
      const dlqUrl = sqs.createQueue("task-redrive-dlq");
      let attempts = 0;
      const flaky = defineTask({
        name: "nightly-report",
        run: () => {
          attempts += 1;
          return attempts === 1
            ? Promise.reject(new PermanentJobError("the bucket is gone"))
            : Promise.resolve();
        },
      });
      const { app } = testWorker({
        tasks: [flaky],
        deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
      });
      const parked = await postTask(app, "nightly-report", MINUTE, { messageId: "leader" }).expect(
        200,
      );
      expect(parked.body.reason).to.equal("parked");
      const redriven = await postTask(app, "nightly-report", MINUTE, {
        messageId: "redriven",
      }).expect(200);
      expect(redriven.body.reason).to.equal("completed");
      expect(attempts).to.equal(2);
    } finally {
      await sqs.stop();
    }
  });

  it("parks a permanently failing task as the scheduled-job message, so a redrive runs that minute again", async () => {
    const sqs = await startLocalSqs();
    try {
      const dlqUrl = sqs.createQueue("task-dlq");
      const broken = defineTask({
        name: "nightly-report",
        run: () => Promise.reject(new PermanentJobError("the report bucket is gone")),
      });
      const { app } = testWorker({
        tasks: [broken],
        deadLetterQueue: createSqsDeadLetterQueue(sqs.client, dlqUrl),
      });
      await postTask(app, "nightly-report", MINUTE).expect(200);
      const { Messages } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MessageAttributeNames: ["All"],
          WaitTimeSeconds: 1,
        }),
      );
      const parked = Messages?.[0];
      expect(parked?.Body).to.equal("elasticbeanstalk scheduled job");
      const attributes = Object.fromEntries(
        Object.entries(parked?.MessageAttributes ?? {}).map(([name, value]) => [
          name,
          value.StringValue,
        ]),
      );
      expect(attributes).to.include({
        "beanstalk.sqsd.path": "/tasks/nightly-report",
        "beanstalk.sqsd.task_name": "nightly-report",
        "beanstalk.sqsd.scheduled_time": "2024-05-01 23:00:00 UTC",
      });
      expect(readParkingDetails(parked?.MessageAttributes)).to.include({
        reason: "permanent-failure",
        jobType: "nightly-report",
      });
    } finally {
      await sqs.stop();
    }
  });
});
