/**
 * What every handler receives besides its input, job or periodic task alike, and the typing of
 * what a module declares (its settings, its clients) into what its handler gets.
 */
import type { Logger } from "../logger.js";
import type { SqsdDelivery } from "../protocol/headers.js";
import type { ClientDeclaration } from "./clients.js";
import type { Setting } from "./settings.js";
import type { Once } from "../idempotency/once.js";

/** A module's table of declarations, by the key its handler reads the built value with. */
export type Declared<Declaration> = Readonly<Record<string, Declaration>>;

/** The table of a module that declares nothing. */
export type NothingDeclared = Readonly<Record<string, never>>;

/** A module's settings. */
export type Settings = Declared<Setting<unknown>>;
/** A module's clients. */
export type Clients = Declared<ClientDeclaration<unknown>>;

/** What the handler gets for each declaration: the value a setting reads, the client built. */
export type Provided<Table> = {
  readonly [Key in keyof Table]: Table[Key] extends Setting<infer T>
    ? T
    : Table[Key] extends ClientDeclaration<infer T>
      ? T
      : never;
};

export interface HandlerContext<S extends Settings = Settings, C extends Clients = Clients> {
  /** The parsed `X-Aws-Sqsd-*` headers of this delivery. */
  delivery: SqsdDelivery;
  /** True when this is the last delivery before SQS moves the message to the dead-letter queue. */
  isFinalAttempt: boolean;
  /** A logger bound to this job's type and message id, or this task's name and minute. */
  log: Logger;
  /** Fires at the time limit or when the shutdown deadline passes. Pass it to fetch, SDK calls… */
  signal: AbortSignal;
  /** The values of the settings this module declares, read and checked at start-up. */
  settings: Provided<S>;
  /** The clients this module declares, built once at start-up. */
  clients: Provided<C>;
  /**
   * Runs `fn` once for this job (or task minute) across retries and instances, and returns its
   * recorded JSON result ever after: `await ctx.once("charge", () => charge(card))`.
   * See docs/idempotency.md.
   */
  once: Once;
}

/** What a job's handler gets besides the common context: its place in its retry policy. */
export interface RetryControls {
  /**
   * This run's number, from 1, counted across the delayed copies of a job type with a retry
   * policy (docs/retries.md); sqsd's receive count for a job type without one.
   */
  attempt: number;
  /**
   * Fails this run so that the next comes after `seconds` (an API's Retry-After) instead of the
   * policy's backoff; it still counts as an attempt. Throws; without a retry policy it is an
   * ordinary failure, retried after ErrorVisibilityTimeout.
   */
  retryAfter(seconds: number, reason?: string): never;
}
