/**
 * The app under load, its log parsed: every metrics line is a valid EMF document, and the counts
 * the lines add up to are the jobs that ran, whatever flushes fell in the middle of the load.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { expect } from "chai";
import { pino } from "pino";
import { echoJob, failingJob, permanentJob, recorder } from "../fixtures/jobs.js";
import { countingTask } from "../fixtures/tasks.js";
import type { TaskContext } from "../../src/tasks/define-task.js";
import { startMetricsWriter } from "../../src/metrics/metrics-writer.js";
import { DIMENSION, METRICS_NAMESPACE, UNKNOWN_NAME } from "../../src/metrics/names.js";
import { emfProblems } from "../support/emf-spec.js";
import { job, sqsdHeaders, type SqsdRequestOptions } from "../support/sqsd-request.js";
import { testWorker } from "../support/worker.js";

interface EmfLine {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
  [member: string]: unknown;
}

function rawLines() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

/** Runs `work` over `items` with at most `limit` at once. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

interface Delivery {
  path: string;
  body: string;
  options: SqsdRequestOptions;
  expected: number;
}

describe("the metrics in the app's log", function () {
  this.timeout(60_000);
  let server: Server;

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  });

  it("are valid EMF lines whose counts, summed over every flush, equal the jobs run under load", async () => {
    const { stream, lines } = rawLines();
    // LOG_LEVEL=warn: the job lines at info are not written; the metrics still are.
    const logger = pino({ level: "warn" }, stream);
    const taskRuns: TaskContext[] = [];
    const worker = testWorker({
      jobs: [echoJob(recorder()), failingJob, permanentJob],
      tasks: [countingTask(taskRuns)],
      logger,
    });
    server = worker.app.listen(0, "127.0.0.1");
    await new Promise<void>((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let flushes = 0;
    const base = Date.now();
    const writer = startMetricsWriter(worker.metrics!, logger, 20, () => base + ++flushes);

    const deliveries: Delivery[] = [];
    const add = (count: number, type: string, expected: number) => {
      for (let i = 0; i < count; i += 1) {
        const receiveCount = (deliveries.length % 5) + 1;
        const sentAt = new Date(Date.now() - (deliveries.length % 50) * 1000);
        deliveries.push({
          path: "/",
          body: job(type, { n: i }),
          options: { messageId: `${type}-${i}`, receiveCount, sentAt },
          expected,
        });
      }
    };
    add(400, "echo", 200);
    add(100, "always-fails", 500);
    add(50, "gives-up", 422);
    add(30, "no-such-type", 422);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    for (let i = 0; i < 20; i += 1) {
      deliveries.push({
        path: "/tasks/nightly-report",
        body: "",
        options: { task: { name: "nightly-report", scheduledAt: new Date(minute - i * 60_000) } },
        expected: 200,
      });
    }
    const post = async ({ path, body, options, expected }: Delivery) => {
      const response = await fetch(`${url}${path}`, {
        method: "POST",
        headers: sqsdHeaders(options),
        body,
      });
      await response.arrayBuffer();
      expect(response.status, `${path} ${body}`).to.equal(expected);
    };
    await inParallel(deliveries, 32, post);
    // Ten redeliveries of completed messages: answered 200 without running.
    const repeats = deliveries.slice(0, 10);
    for (const delivery of repeats) await post(delivery);
    writer.stop();

    const emf = lines.filter((line) => line.includes('"_aws"'));
    expect(emf.length).to.be.greaterThan(0);
    for (const line of emf) expect(emfProblems(line), line).to.deep.equal([]);
    const documents = emf.map((line) => JSON.parse(line) as EmfLine);
    for (const document of documents) {
      const [directive] = document._aws.CloudWatchMetrics;
      expect(directive?.Namespace).to.equal(METRICS_NAMESPACE);
      expect(directive?.Dimensions).to.satisfy(
        (sets: string[][]) =>
          JSON.stringify(sets) === JSON.stringify([[DIMENSION.jobType]]) ||
          JSON.stringify(sets) === JSON.stringify([[DIMENSION.task]]),
      );
    }
    // No line per job: at most one line per name and flush.
    const perFlush = new Set(
      documents.map((d) => `${d._aws.Timestamp}/${String(d.JobType ?? d.Task)}`),
    );
    expect(perFlush.size).to.equal(documents.length);

    const total = (dimension: string, value: string, metric: string) =>
      documents
        .filter((d) => d[dimension] === value && metric in d)
        .map((d) => d[metric])
        .reduce<number>(
          (sum, v) => sum + (typeof v === "number" ? v : (v as { Count: number }).Count),
          0,
        );
    const sumOf = (dimension: string, value: string, metric: string) =>
      documents
        .filter((d) => d[dimension] === value && metric in d)
        .reduce((sum, d) => sum + (d[metric] as { Sum: number }).Sum, 0);

    expect(total("JobType", "echo", "JobsCompleted")).to.equal(400);
    // A redelivery is answered from its idempotency record, which is per job type: known here.
    expect(total("JobType", "echo", "JobsSkipped")).to.equal(10);
    expect(total("JobType", "echo", "JobsFailed")).to.equal(0);
    expect(total("JobType", "always-fails", "JobsFailed")).to.equal(100);
    expect(total("JobType", "gives-up", "JobsFailed")).to.equal(50);
    expect(total("JobType", UNKNOWN_NAME, "JobsFailed")).to.equal(30);
    // Every delivery of the type has a duration and an attempt, the 10 repeats included.
    expect(total("JobType", "echo", "JobDuration")).to.equal(410);
    expect(total("JobType", "always-fails", "QueueLag")).to.equal(100);
    const attempts = (from: number, count: number) =>
      deliveries
        .slice(from, from + count)
        .reduce((sum, d) => sum + (d.options.receiveCount ?? 0), 0);
    expect(sumOf("JobType", "echo", "JobAttempt")).to.equal(attempts(0, 400) + attempts(0, 10));
    expect(total("Task", "nightly-report", "TaskRuns")).to.equal(taskRuns.length);
    expect(taskRuns.length).to.equal(20);
    expect(total("Task", "nightly-report", "TaskFailures")).to.equal(0);
    // The oldest minute was 19 minutes late when it ran.
    const lateness = documents
      .filter((d) => d.Task === "nightly-report")
      .map((d) => (d.TaskLateness as { Max: number }).Max);
    expect(Math.max(...lateness)).to.be.within(19 * 60_000, 21 * 60_000);
  });
});
