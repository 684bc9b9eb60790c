/**
 * What the local daemon needs to run: the `aws:elasticbeanstalk:sqsd` options (same names,
 * defaults and ranges as on Beanstalk; the table lives in src/eb/sqsd-options.ts) plus the few
 * things that are fixed on a real instance (where the app listens, the daemon's version).
 */
import type { SqsdOptions } from "../eb/sqsd-options.js";

/**
 * The `aws:elasticbeanstalk:sqsd` options the daemon acts on, times in seconds, fully resolved:
 * names, defaults and ranges come from the one option table in src/eb/sqsd-options.ts.
 */
export type DaemonSqsdOptions = Pick<
  SqsdOptions,
  | "httpPath"
  | "mimeType"
  | "httpConnections"
  | "connectTimeout"
  | "inactivityTimeout"
  | "visibilityTimeout"
  | "errorVisibilityTimeout"
  | "retentionPeriod"
>;

/** Where the app listens and how the daemon presents itself. */
export interface DaemonTarget {
  /** The app's host; on Beanstalk it is nginx on localhost. @default "127.0.0.1" */
  host: string;
  /** The app's port; on Beanstalk always 80 (nginx). */
  port: number;
  /** The version in `User-Agent: aws-sqsd/<version>`. @default "3.0.4" (the AL2023 daemon) */
  daemonVersion: string;
  /** The Host header sqsd sends (it always POSTs to localhost:80). @default "localhost" */
  hostHeader: string;
}

/** Knobs of this implementation that Beanstalk does not expose. */
export interface DaemonTuning {
  /** Concurrent long polls. @default ceil(HttpConnections / 2.5), as sqsd 2.0 */
  pollers: number;
  /**
   * Messages held locally waiting for a free connection (their visibility clock runs).
   * @default HttpConnections when a message that waits for one POST still has its own POST
   * covered by VisibilityTimeout (2 x InactivityTimeout + a margin), else 0, as sqsd keeps no
   * backlog for slow jobs (docs/protocol.md §1.4)
   */
  backlog: number;
  /** Long-poll wait of each ReceiveMessage. @default 20 */
  waitTimeSeconds: number;
  /** How long a stop waits for in-flight POSTs before cutting them off. @default 600 (sqsd 2.0's drain) */
  drainSeconds: number;
  /** Longest wait before a partial DeleteMessageBatch is sent. @default 100 ms */
  batchFlushMs: number;
}

export const DAEMON_VERSION = "3.0.4";

/** How long a stop waits for in-flight POSTs: sqsd 2.0's drain. */
export const DEFAULT_DRAIN_SECONDS = 600;

/** Seconds left after the longest POSTs for the deletes and the clock's slop. */
const SETTLE_MARGIN_SECONDS = 2;

/**
 * A message in a backlog of at most HttpConnections waits for at most one POST before its own
 * (every connection busy, each POST at most InactivityTimeout); both must fit in its visibility.
 */
export function backlogFits(
  behaviour: Pick<DaemonSqsdOptions, "visibilityTimeout" | "inactivityTimeout">,
): boolean {
  return 2 * behaviour.inactivityTimeout + SETTLE_MARGIN_SECONDS <= behaviour.visibilityTimeout;
}

export function defaultTuning(
  behaviour: Pick<DaemonSqsdOptions, "httpConnections" | "visibilityTimeout" | "inactivityTimeout">,
): DaemonTuning {
  return {
    pollers: Math.ceil(behaviour.httpConnections / 2.5),
    backlog: backlogFits(behaviour) ? behaviour.httpConnections : 0,
    waitTimeSeconds: 20,
    drainSeconds: DEFAULT_DRAIN_SECONDS,
    batchFlushMs: 100,
  };
}
