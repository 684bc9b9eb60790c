import { expect } from "chai";
import request from "supertest";
import type { DeadLetterQueue, ParkedMessage } from "../../src/delivery/dead-letter.js";
import { SIGNATURE_ATTRIBUTE } from "../../src/protocol/signature.js";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { KEY_1, KEY_2, SIGNING_ENV, signedAttributes } from "../support/signing.js";
import { job, postJob, postTask, sqsdHeaders } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";
import { defineTask } from "../../src/tasks/define-task.js";

const SENT_AT = new Date("2026-11-27T10:00:00Z");
const secondsBefore = (n: number) => new Date(SENT_AT.getTime() - n * 1000);

function signedWorker(env: Record<string, string> = {}, deadLetterQueue?: DeadLetterQueue) {
  const record = recorder();
  const worker = testWorker({
    jobs: [echoJob(record)],
    env: { ...SIGNING_ENV, ...env },
    ...(deadLetterQueue ? { deadLetterQueue } : {}),
  });
  return { app: worker.app, record };
}

/** A dead-letter queue that keeps what it is given: what the app parks, not how SQS stores it. */
function keepingDeadLetterQueue(): DeadLetterQueue & { parked: ParkedMessage[] } {
  const parked: ParkedMessage[] = [];
  return {
    parked,
    park: (message) => {
      parked.push(message);
      return Promise.resolve();
    },
  };
}

describe("signed messages (WORKER_SIGNING_KEYS set)", () => {
  describe("a job signed by a configured key", () => {
    it("runs, whichever of the configured keys signed it", async () => {
      const { app, record } = signedWorker();
      for (const key of [KEY_1, KEY_2]) {
        const attributes = signedAttributes("echo", { n: 1 }, SENT_AT, {}, key);
        const res = await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT, attributes });
        expect(res.body).to.include({ reason: "completed" });
      }
      expect(record.calls).to.have.length(2);
    });

    it("verifies attributes whose names HTTP lowercased on the way", async () => {
      const { app, record } = signedWorker();
      const attributes = signedAttributes("echo", { n: 1 }, SENT_AT, { Tenant: "acme" });
      await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT, attributes }).expect(200);
      expect(record.calls[0]?.context.delivery.attributes).to.include({ tenant: "acme" });
    });

    it("runs however late it is redelivered: age is measured to Sent-At, not to First-Received-At", async () => {
      const { app } = signedWorker();
      const attributes = signedAttributes("echo", { n: 1 }, secondsBefore(899));
      const res = await postJob(
        app,
        "echo",
        { n: 1 },
        {
          sentAt: SENT_AT,
          firstReceivedAt: new Date("2026-11-29T10:00:00Z"),
          receiveCount: 9,
          attributes,
        },
      );
      expect(res.status).to.equal(200);
    });
  });

  describe("a job that must not run", () => {
    const cases: { name: string; reason: string; message: RegExp; post: () => object }[] = [
      {
        name: "without a signature",
        reason: "signature-missing",
        message:
          /Expected a X-Aws-Sqsd-Attr-worker-signature header signed by one of the keys k1, k2, got none/,
        post: () => ({ attributes: {} }),
      },
      {
        name: "whose body changed after signing",
        reason: "signature-invalid",
        message: /Expected the signature by key "k1" to match the body \(\d+ bytes\)/,
        post: () => ({ attributes: signedAttributes("echo", { n: 2 }, SENT_AT) }),
      },
      {
        name: "with an attribute added after signing",
        reason: "signature-invalid",
        message: /attributes \[idempotency-key\]/,
        post: () => ({
          attributes: { ...signedAttributes("echo", { n: 1 }, SENT_AT), "idempotency-key": "x" },
        }),
      },
      {
        name: "signed by a key this worker does not hold",
        reason: "signature-invalid",
        message: /Expected a signature by a key this worker holds \(k1, k2\), got key id "k3"/,
        post: () => ({
          attributes: signedAttributes("echo", { n: 1 }, SENT_AT, {}, { ...KEY_1, keyId: "k3" }),
        }),
      },
      {
        name: "with a signature not of the v1 form",
        reason: "signature-invalid",
        message:
          /as v1;kid=<key id>;t=<unix seconds>;sig=<64 lowercase hex digits>, got "v2;kid=k1"/,
        post: () => ({ attributes: { [SIGNATURE_ATTRIBUTE]: "v2;kid=k1" } }),
      },
      {
        name: "signed more than the maximum age before SQS accepted it",
        reason: "signature-stale",
        message:
          /signed at most 900 s before X-Aws-Sqsd-Sent-At 2026-11-27T10:00:00Z, got signed at 2026-11-27T09:44:59Z, 901 s before/,
        post: () => ({ attributes: signedAttributes("echo", { n: 1 }, secondsBefore(901)) }),
      },
      {
        name: "dated further after Sent-At than the clock skew allows",
        reason: "signature-stale",
        message: /at most 300 s \(clock skew\) after X-Aws-Sqsd-Sent-At .*, 301 s after/,
        post: () => ({ attributes: signedAttributes("echo", { n: 1 }, secondsBefore(-301)) }),
      },
    ];
    for (const { name, reason, message, post } of cases) {
      it(`answers 403 ${reason} to a job ${name}, and does not run it`, async () => {
        const { app, record } = signedWorker();
        const res = await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT, ...post() });
        expect(res.status).to.equal(403);
        expect(res.body).to.include({ outcome: "rejected", reason });
        expect(res.body.message).to.match(message);
        expect(JSON.stringify(res.body)).not.to.include(KEY_1.secret.toString("base64"));
        expect(record.calls).to.have.length(0);
      });
    }

    it("accepts a signature dated within the clock skew after Sent-At", async () => {
      const { app } = signedWorker();
      const attributes = signedAttributes("echo", { n: 1 }, secondsBefore(-299));
      await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT, attributes }).expect(200);
    });

    it("measures the age to First-Received-At when sqsd sends no Sent-At", async () => {
      const { app } = signedWorker({ WORKER_SIGNATURE_MAX_AGE_SECONDS: "60" });
      const attributes = signedAttributes("echo", { n: 1 }, secondsBefore(61));
      const headers = sqsdHeaders({ firstReceivedAt: SENT_AT, attributes });
      delete headers["X-Aws-Sqsd-Sent-At"];
      const res = await request(app)
        .post("/")
        .set(headers)
        .send(job("echo", { n: 1 }));
      expect(res.body).to.include({ reason: "signature-stale" });
      expect(res.body.message).to.include("X-Aws-Sqsd-First-Received-At");
    });
  });

  describe("refusal by configuration", () => {
    it("parks a refused job with its signature attribute when a dead-letter queue is set (park, the default)", async () => {
      const deadLetter = keepingDeadLetterQueue();
      const { app } = signedWorker({}, deadLetter);
      const attributes = signedAttributes("echo", { n: 2 }, SENT_AT);
      const res = await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT, attributes });
      expect(res.status).to.equal(200);
      expect(res.body).to.include({ reason: "parked", parkedFor: "signature-invalid" });
      const [parked] = deadLetter.parked;
      expect(parked?.reason).to.equal("signature-invalid");
      expect(parked?.attributes?.[SIGNATURE_ATTRIBUTE]?.StringValue).to.equal(
        attributes[SIGNATURE_ATTRIBUTE],
      );
    });

    it("answers 403 and parks nothing under WORKER_SIGNATURE_REFUSAL=reject", async () => {
      const deadLetter = keepingDeadLetterQueue();
      const { app } = signedWorker({ WORKER_SIGNATURE_REFUSAL: "reject" }, deadLetter);
      const res = await postJob(app, "echo", { n: 1 }, { sentAt: SENT_AT });
      expect(res.status).to.equal(403);
      expect(res.body).to.include({ reason: "signature-missing" });
      expect(deadLetter.parked).to.have.length(0);
    });
  });

  describe("periodic tasks, which Beanstalk's leader cannot sign", () => {
    const scheduledAt = new Date("2026-11-27T10:00:00Z");
    function taskWorker(env: Record<string, string> = {}) {
      const runs: string[] = [];
      const task = defineTask({
        name: "tick",
        run(context) {
          runs.push(context.task.name);
          return Promise.resolve();
        },
      });
      const { app } = testWorker({ tasks: [task], env: { ...SIGNING_ENV, ...env } });
      return { app, runs };
    }

    it("runs an unsigned task: an empty body on /tasks/<name> with the task headers", async () => {
      const { app, runs } = taskWorker();
      await postTask(app, "tick", scheduledAt).expect(200);
      expect(runs).to.deep.equal(["tick"]);
    });

    it("refuses an unsigned task POST that carries a body, which sqsd never sends", async () => {
      const { app, runs } = taskWorker();
      const res = await postTask(app, "tick", scheduledAt).send('{"type":"echo"}');
      expect(res.status).to.equal(403);
      expect(res.body.message).to.include(
        "Expected an unsigned periodic task to have an empty body",
      );
      expect(runs).to.have.length(0);
    });

    it("refuses unsigned tasks under WORKER_UNSIGNED_TASKS=refuse", async () => {
      const { app, runs } = taskWorker({ WORKER_UNSIGNED_TASKS: "refuse" });
      const res = await postTask(app, "tick", scheduledAt);
      expect(res.status).to.equal(403);
      expect(res.body).to.include({ reason: "signature-missing" });
      expect(runs).to.have.length(0);
    });
  });

  it("ignores signatures when no keys are configured", async () => {
    const record = recorder();
    const { app } = testWorker({ jobs: [echoJob(record)] });
    await postJob(app, "echo", { n: 1 }).expect(200);
    const attributes = { [SIGNATURE_ATTRIBUTE]: "v1;kid=k1;t=1;sig=00" };
    await postJob(app, "echo", { n: 1 }, { attributes }).expect(200);
    expect(record.calls).to.have.length(2);
  });
});
