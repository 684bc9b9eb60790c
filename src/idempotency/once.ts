/**
 * `ctx.once(step, fn)`: an idempotent step inside a handler. The first time a job (or a task's
 * minute) reaches the step, `fn` runs and its result is recorded; every later delivery of the
 * same job (a retry after a later step failed, a redelivery on another instance) gets the
 * recorded result without running `fn` again. So "charge the card, then send the receipt" charges
 * once even when sending fails and the job is retried.
 *
 * Results are small JSON (MAX_STEP_RESULT_BYTES): an id, a status, not a document. A result that
 * is not JSON or too large is a programming error, and since `fn`'s effect has happened by then
 * and cannot be recorded, it is a permanent failure (parked), not a retry that would repeat it.
 *
 * The limit: `fn`'s effect and the write of its result are two actions. An instance that dies
 * between them, or a store that fails the write, leaves the step unrecorded and it runs again.
 */
import { PermanentJobError } from "../errors.js";
import type { IdempotencyStore } from "./idempotency-store.js";
import { stepRecordKey } from "./record-key.js";

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Runs a step once per job; returns its recorded result: JSON, or nothing. */
export interface Once {
  <T extends Json>(step: string, fn: () => Promise<T> | T): Promise<T>;
  (step: string, fn: () => void): Promise<void>;
}

/** A DynamoDB item holds 400 KB; a step result is an id or a status, not a document. */
export const MAX_STEP_RESULT_BYTES = 16 * 1024;

const MAX_STEP_NAME_LENGTH = 200;

/** The `once` of the job or task whose idempotency record is `recordKey`. */
export function onceFor(store: IdempotencyStore, recordKey: string): Once {
  return async (step: string, fn: () => unknown): Promise<never> => {
    if (step.length === 0 || step.length > MAX_STEP_NAME_LENGTH) {
      throw new TypeError(
        `Expected a step name of 1 to ${MAX_STEP_NAME_LENGTH} characters, got ${step.length}`,
      );
    }
    const key = stepRecordKey(recordKey, step);
    const recorded = await store.readStep(key);
    if (recorded !== undefined) return (JSON.parse(recorded) as { value?: never }).value as never;
    const value = await fn();
    await store.writeStep(key, serialise(step, value));
    return value as never;
  };
}

function serialise(step: string, value: unknown): string {
  let text: string;
  try {
    // { value } keeps `undefined` apart from `null`: a step that returns nothing is recorded too.
    text = JSON.stringify({ value });
  } catch (error) {
    throw new PermanentJobError(
      `Expected step "${step}" to return JSON, got a value JSON.stringify refused (${(error as Error).message}); its effect happened but was not recorded`,
    );
  }
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_STEP_RESULT_BYTES) {
    throw new PermanentJobError(
      `Expected step "${step}" to return at most ${MAX_STEP_RESULT_BYTES} bytes of JSON, got ${bytes}; its effect happened but was not recorded`,
    );
  }
  return text;
}
