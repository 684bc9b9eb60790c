/** A JobContext for calling a handler directly: real logger (silent), real delivery, given services. */
import type { JobContext } from "../../src/jobs/define-job.js";
import { createLogger } from "../../src/logger.js";
import type { SqsdDelivery } from "../../src/protocol/headers.js";
import type { Services } from "../../src/services.js";

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

/** Services whose every member fails loudly unless the test provides it. */
export function services(overrides: Partial<Services>): Services {
  return {
    mailer: {
      send: () => Promise.reject(new Error("Expected no email in this test, got mailer.send")),
    },
    enqueue: () => Promise.reject(new Error("Expected no enqueue in this test, got enqueue")),
    digestRecipients: [],
    ...overrides,
  };
}

export function jobContext(
  overrides: Partial<JobContext> & Pick<JobContext, "services">,
): JobContext {
  return {
    delivery: delivery(),
    isFinalAttempt: false,
    log: createLogger({ logLevel: "silent" }),
    signal: new AbortController().signal,
    ...overrides,
  };
}
