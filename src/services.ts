/**
 * What handlers and tasks may use besides their payload: built once in `server.ts` from the
 * configuration and handed to `createApp`, so tests can pass their own.
 */
import type { Enqueue } from "./producer/producer.js";
import type { Mailer } from "./mail/mailer.js";

export interface Services {
  /** Sends email (SMTP, or .eml files in the outbox). */
  mailer: Mailer;
  /** Puts jobs on the worker queue. */
  enqueue: Enqueue;
  /** Addresses the `daily-digest` task writes to. */
  digestRecipients: readonly string[];
}
