/**
 * The in-memory aggregate of every delivery's outcome between two flushes, per job type and per
 * periodic task, turned into one EMF document per name at each flush (emf-document.ts).
 *
 * Slots are made at start-up for the registered job types and tasks (and one for any other name),
 * so recording a delivery finds its slot in a Map and adds numbers to it: no allocation per job.
 */
import type { Reason } from "../delivery/outcomes.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import { Distribution, MILLISECONDS_SCALE, SMALL_COUNT_SCALE } from "./distribution.js";
import { emfDocument, type EmfDocument, type EmfMetric } from "./emf-document.js";
import { DIMENSION, JOB_METRIC, TASK_METRIC, UNKNOWN_NAME } from "./names.js";
import { outcomeKind } from "./outcome-kind.js";

/** What the outcome log line tells the metrics: the one call in delivery/http/log-outcome.ts. */
export interface DeliveryMetrics {
  /**
   * `name`: the job type or task name when known. `durationMs`: the delivery's duration.
   * `queueLagMs`: from the message's sent-at to the answer (the log line's queueLagMs).
   */
  recordDelivery(
    name: string | undefined,
    delivery: SqsdDelivery,
    reason: Reason,
    durationMs: number,
    queueLagMs: number,
  ): void;
}

class JobSlot {
  completed = 0;
  failed = 0;
  retried = 0;
  skipped = 0;
  readonly duration = new Distribution(MILLISECONDS_SCALE);
  readonly queueLag = new Distribution(MILLISECONDS_SCALE);
  readonly attempt = new Distribution(SMALL_COUNT_SCALE);

  constructor(readonly name: string) {}

  get deliveries(): number {
    return this.completed + this.failed + this.retried + this.skipped;
  }
}

class TaskSlot {
  runs = 0;
  failed = 0;
  readonly lateness = new Distribution(MILLISECONDS_SCALE);

  constructor(readonly name: string) {}
}

export class JobMetrics implements DeliveryMetrics {
  private readonly jobs = new Map<string, JobSlot>();
  private readonly tasks = new Map<string, TaskSlot>();
  private readonly unknownJob = new JobSlot(UNKNOWN_NAME);
  private readonly unknownTask = new TaskSlot(UNKNOWN_NAME);

  /** `now`: the wall clock in milliseconds, for the start of a delivery. @default Date.now */
  constructor(
    jobTypes: Iterable<string>,
    tasks: Iterable<string>,
    private readonly now: () => number = Date.now,
  ) {
    for (const name of jobTypes) this.jobs.set(name, new JobSlot(name));
    for (const name of tasks) this.tasks.set(name, new TaskSlot(name));
  }

  recordDelivery(
    name: string | undefined,
    delivery: SqsdDelivery,
    reason: Reason,
    durationMs: number,
    queueLagMs: number,
  ): void {
    const kind = outcomeKind(reason);
    if (delivery.task) {
      // Only a run counts: a refused or already-completed delivery ran nothing.
      if (kind === "retried" || kind === "skipped") return;
      const slot = (name === undefined ? undefined : this.tasks.get(name)) ?? this.unknownTask;
      slot.runs += 1;
      if (kind === "failed") slot.failed += 1;
      const startedAt = this.now() - durationMs;
      slot.lateness.add(Math.max(0, startedAt - delivery.task.scheduledAt.getTime()));
      return;
    }
    const slot = (name === undefined ? undefined : this.jobs.get(name)) ?? this.unknownJob;
    slot[kind] += 1;
    slot.duration.add(durationMs);
    // The lag to the delivery's start: the log line's lag runs to the answer.
    slot.queueLag.add(Math.max(0, queueLagMs - durationMs));
    slot.attempt.add(delivery.receiveCount);
  }

  /** One EMF document per job type and task that had deliveries since the last take; then empty. */
  take(timestamp: number): EmfDocument[] {
    const documents: EmfDocument[] = [];
    for (const slot of [...this.jobs.values(), this.unknownJob]) {
      if (slot.deliveries === 0) continue;
      documents.push(jobDocument(slot, timestamp));
    }
    for (const slot of [...this.tasks.values(), this.unknownTask]) {
      if (slot.runs === 0) continue;
      documents.push(taskDocument(slot, timestamp));
    }
    return documents;
  }
}

function jobDocument(slot: JobSlot, timestamp: number): EmfDocument {
  // Every count, zero or not, once the type had a delivery: a failure rate needs both sides.
  const metrics: EmfMetric[] = [
    { name: JOB_METRIC.completed, unit: "Count", value: slot.completed },
    { name: JOB_METRIC.failed, unit: "Count", value: slot.failed },
    { name: JOB_METRIC.retried, unit: "Count", value: slot.retried },
    { name: JOB_METRIC.skipped, unit: "Count", value: slot.skipped },
    { name: JOB_METRIC.duration, unit: "Milliseconds", value: slot.duration.take() },
    { name: JOB_METRIC.queueLag, unit: "Milliseconds", value: slot.queueLag.take() },
    { name: JOB_METRIC.attempt, unit: "Count", value: slot.attempt.take() },
  ];
  slot.completed = slot.failed = slot.retried = slot.skipped = 0;
  return emfDocument(timestamp, DIMENSION.jobType, slot.name, metrics);
}

function taskDocument(slot: TaskSlot, timestamp: number): EmfDocument {
  const metrics: EmfMetric[] = [
    { name: TASK_METRIC.runs, unit: "Count", value: slot.runs },
    { name: TASK_METRIC.failed, unit: "Count", value: slot.failed },
    { name: TASK_METRIC.lateness, unit: "Milliseconds", value: slot.lateness.take() },
  ];
  slot.runs = slot.failed = 0;
  return emfDocument(timestamp, DIMENSION.task, slot.name, metrics);
}
