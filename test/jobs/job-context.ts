/**
 * Contexts for calling a handler directly: real logger (silent), real delivery, the settings as
 * an unset environment gives them, and clients that fail loudly unless the test provides them.
 */
import type { z } from "zod";
import { ConfigReader } from "../../src/config-reader.js";
import type { JobContext, JobDefinition } from "../../src/jobs/define-job.js";
import { createLogger } from "../../src/logger.js";
import type { Clients, Provided, Settings } from "../../src/modules/handler-context.js";
import { readSettings } from "../../src/modules/settings.js";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import { onceFor, type Once } from "../../src/idempotency/once.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";
import type { TaskContext, TaskDefinition } from "../../src/tasks/define-task.js";
import { retryAfter } from "../../src/retry/retry-later-error.js";

export function delivery(overrides: Partial<SqsdDelivery> = {}): SqsdDelivery {
  return {
    messageId: "4c3f0f50-4c28-433e-81f8-c9c79bf22f0b",
    receiveCount: 1,
    firstReceivedAt: new Date("2026-11-27T00:00:00Z"),
    sentAt: new Date("2026-11-27T00:00:00Z"),
    queue: "worker-queue",
    senderId: undefined,
    path: "/",
    attributes: {},
    task: undefined,
    ...overrides,
  };
}

/** Clients whose every member fails loudly unless the test provides it. */
function clients<C extends Clients>(given: Partial<Provided<C>>): Provided<C> {
  return new Proxy(given, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      throw new Error(`Expected no ${String(name)} in this test, got a use of it`);
    },
  }) as Provided<C>;
}

/** The module's settings as an unset environment gives them (their defaults). */
/** Steps recorded in memory for this one context, as the app records them for one job. */
function testOnce(): Once {
  return onceFor(new MemoryIdempotencyStore(100), "test-context");
}

function defaultSettings<S extends Settings>(settings: S | undefined): Provided<S> {
  return readSettings(settings ?? {}, new ConfigReader({}, [])) as Provided<S>;
}

/** What a test may set; everything else has the defaults above. */
interface Given<S extends Settings, C extends Clients> {
  delivery?: SqsdDelivery;
  isFinalAttempt?: boolean;
  /** A job's run number. @default 1 */
  attempt?: number;
  signal?: AbortSignal;
  settings?: Provided<S>;
  clients?: Partial<Provided<C>>;
}

export function jobContext<S extends Settings, C extends Clients>(
  job: JobDefinition<string, z.ZodType, S, C>,
  given?: Given<S, C>,
): JobContext<S, C> {
  return {
    delivery: delivery(),
    isFinalAttempt: false,
    attempt: 1,
    retryAfter,
    log: createLogger({ logLevel: "silent" }),
    signal: new AbortController().signal,
    settings: defaultSettings(job.settings),
    once: testOnce(),
    ...given,
    clients: clients<C>(given?.clients ?? {}),
  };
}

export function taskContext<S extends Settings, C extends Clients>(
  task: TaskDefinition<string, S, C>,
  given: Given<S, C> & Pick<TaskContext<S, C>, "task">,
): TaskContext<S, C> {
  return {
    delivery: delivery({ task: given.task }),
    isFinalAttempt: false,
    log: createLogger({ logLevel: "silent" }),
    signal: new AbortController().signal,
    settings: defaultSettings(task.settings),
    once: testOnce(),
    ...given,
    clients: clients<C>(given.clients ?? {}),
  };
}
