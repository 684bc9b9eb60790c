/**
 * A producer over fixture jobs (test/fixtures/jobs.ts), so the producer's tests do not depend on
 * the jobs this project ships. `enqueue` and `enqueueBatch` are typed by the shipped registry
 * (JobPayloads), which knows nothing of fixtures: here they take any type name, and the producer
 * checks it at run time exactly as it does for a typed call.
 */
import type { EnqueueOptions } from "../../src/producer/options.js";
import {
  createProducer,
  type BatchEntry,
  type CallOptions,
  type ProducerOptions,
} from "../../src/producer/producer.js";
import { notifyJob, pingJob } from "../fixtures/jobs.js";

/** Registered in this order, as the messages list them. */
export const FIXTURE_JOBS = [pingJob, notifyJob] as const;

export interface FixtureEntry {
  type: string;
  payload: unknown;
  options?: EnqueueOptions;
}

export interface FixtureProducer {
  enqueue(
    type: string,
    payload: unknown,
    options?: EnqueueOptions & CallOptions,
  ): Promise<{ messageId: string }>;
  enqueueBatch(
    entries: readonly FixtureEntry[],
    options?: CallOptions,
  ): Promise<{ messageId: string }[]>;
}

export function fixtureProducer(options: Omit<ProducerOptions, "jobs">): FixtureProducer {
  const producer = createProducer({ ...options, jobs: FIXTURE_JOBS });
  return {
    enqueue: (type, payload, enqueueOptions) =>
      producer.enqueueByName(type, payload, enqueueOptions),
    // The one cast: fixture types are not in JobPayloads; the run-time checks are the same.
    enqueueBatch: (entries, callOptions) =>
      producer.enqueueBatch(entries as unknown as BatchEntry[], callOptions),
  };
}
