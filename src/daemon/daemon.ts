/**
 * The local sqsd: polls one queue, POSTs each message to the app as Beanstalk's daemon does,
 * settles it by the answer, and (given cron.yaml tasks) acts as the periodic-task leader.
 *
 *   const daemon = startDaemon({ sqs, queueUrl, behaviour, target });
 *   daemon.events.on("posted", …);
 *   await daemon.stop();
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import { sqsdUserAgent } from "../protocol/headers.js";
import { queueNameOf } from "../protocol/queue-url.js";
import { systemClock, type Clock } from "./clock.js";
import { startCronScheduler, type PeriodicTask } from "./cron-scheduler.js";
import type { SqsdRequest } from "./sqsd-request.js";
import { createDispatcher, receiveVisibilitySeconds } from "./dispatcher.js";
import { createDaemonEvents, type DaemonEvents } from "./events.js";
import { createHttpPoster } from "./http-poster.js";
import {
  behindNginx,
  idleTimeoutMs,
  NGINX_PROXY_HEADERS,
  type NginxEmulation,
} from "./nginx-emulation.js";
import { startPoller } from "./poller.js";
import { requestHeaderBuilder } from "./request-headers.js";
import {
  DAEMON_VERSION,
  defaultTuning,
  type DaemonTarget,
  type DaemonTuning,
  type DaemonSqsdOptions,
} from "./parameters.js";
import { createSettleActions } from "./sqs-actions.js";

export interface DaemonOptions {
  /** Built by the caller, with an explicit endpoint unless it is real AWS. */
  sqs: SQSClient;
  /** `WorkerQueueURL`. */
  queueUrl: string;
  behaviour: DaemonSqsdOptions;
  /** Where the app listens; `port` is required, the rest default as on an instance. */
  target: Partial<DaemonTarget> & Pick<DaemonTarget, "port">;
  tuning?: Partial<DaemonTuning>;
  /** cron.yaml entries; when given, this daemon is the leader that enqueues them. */
  periodicTasks?: readonly PeriodicTask[];
  /** For the retention check and the cron schedule. @default the system clock */
  clock?: Clock;
  /** Put an emulated nginx between the daemon and the app, as on Beanstalk. @default none */
  nginx?: NginxEmulation;
  /** Pass an emitter to listen before the first poll; one is created otherwise. */
  events?: DaemonEvents;
}

export interface Daemon {
  readonly events: DaemonEvents;
  /** Leads these cron.yaml entries from now on instead of the ones it started with. */
  setPeriodicTasks(tasks: readonly PeriodicTask[]): void;
  /** Stops polling, lets in-flight POSTs finish (up to drainSeconds), flushes batches. */
  stop(): Promise<void>;
}

export function startDaemon(options: DaemonOptions): Daemon {
  const { sqs, queueUrl, behaviour } = options;
  const events = options.events ?? createDaemonEvents();
  const clock = options.clock ?? systemClock;
  const tuning = { ...defaultTuning(behaviour), ...options.tuning };
  const target: DaemonTarget = {
    host: "127.0.0.1",
    daemonVersion: DAEMON_VERSION,
    hostHeader: "localhost",
    ...options.target,
  };

  const { nginx } = options;
  /** The poster's idle timer: the longest a POST can go before it is cut off. */
  const postLimitMs = nginx
    ? idleTimeoutMs(nginx, behaviour.inactivityTimeout)
    : behaviour.inactivityTimeout * 1000;
  const directPoster = createHttpPoster({
    host: target.host,
    port: target.port,
    connections: behaviour.httpConnections,
    connectTimeoutMs: behaviour.connectTimeout * 1000,
    inactivityTimeoutMs: postLimitMs,
    buildHeaders: requestHeaderBuilder({
      host: target.hostHeader,
      proxy: nginx ? NGINX_PROXY_HEADERS : {},
      contentType: behaviour.mimeType,
      userAgent: sqsdUserAgent(target.daemonVersion),
    }),
  });
  const poster = nginx
    ? behindNginx(directPoster, nginx, behaviour.inactivityTimeout)
    : directPoster;
  const settle = createSettleActions({
    sqs,
    queueUrl,
    flushMs: tuning.batchFlushMs,
    events,
    // Retries last while a message's visibility does: SQS's real time, not a test's fake clock.
    clock: systemClock,
  });
  const dispatcher = createDispatcher({
    poster,
    settle,
    events,
    clock,
    httpConnections: behaviour.httpConnections,
    retentionPeriod: behaviour.retentionPeriod,
    errorVisibilityTimeout: behaviour.errorVisibilityTimeout,
    visibilityTimeout: behaviour.visibilityTimeout,
    postLimitMs,
  });
  /** Messages received but never POSTed go back to the queue at once on stop. */
  const returnUnsent = (requests: SqsdRequest[]): void => {
    for (const request of requests) settle.changeVisibility(request, 0);
  };
  const poller = startPoller({
    sqs,
    queueUrl,
    queueName: queueNameOf(queueUrl),
    httpPath: behaviour.httpPath,
    visibilityTimeout: receiveVisibilitySeconds(behaviour.visibilityTimeout, postLimitMs),
    waitTimeSeconds: tuning.waitTimeSeconds,
    pollers: Math.max(1, tuning.pollers),
    capacity: behaviour.httpConnections + tuning.backlog,
    dispatcher,
    events,
    clock,
    returnUnsent,
  });
  // Started even with no task, so a reloaded cron.yaml can add the first one.
  const scheduler = startCronScheduler({
    tasks: options.periodicTasks ?? [],
    sqs,
    queueUrl,
    clock,
    events,
  });

  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    scheduler.stop();
    await poller.stop();
    returnUnsent(dispatcher.takeBacklog());
    let deadline: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      deadline = setTimeout(resolve, tuning.drainSeconds * 1000);
    });
    await Promise.race([dispatcher.whenDrained(), timedOut]);
    // POSTs still open past the deadline end as socket errors and get ErrorVisibilityTimeout.
    poster.destroy();
    await dispatcher.whenDrained();
    // Settle retries may go on while visibility lasts; a stop waits for them only until the deadline.
    await Promise.race([settle.flush(), timedOut]);
    clearTimeout(deadline);
    settle.abortRetries();
    await settle.flush();
    events.emit("stopped");
  };

  return {
    events,
    setPeriodicTasks: (tasks) => {
      if (stopping === undefined) scheduler.replaceTasks(tasks);
    },
    stop: () => (stopping ??= stop()),
  };
}
