/**
 * Starts and stops the worker: configuration checked before listening, then listen, then a
 * bounded drain on stop. server.ts calls this with the real environment; tests call it with
 * their own.
 */
import type { AddressInfo } from "node:net";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createApp, type AppOptions, type WorkerApp } from "./app.js";
import type { Config } from "./config.js";
import { createSqsDeadLetterQueue } from "./delivery/dead-letter.js";
import { HELD_ANSWER_FLUSH_MS } from "./delivery/job-tracker.js";
import { createLogger, type Logger } from "./logger.js";
import { createSqsClient } from "./sqs-client.js";
import { openIdempotencyStore } from "./idempotency/create-store.js";
import { loadSchedule } from "./cron/load-schedule.js";
import { tasks } from "./tasks/index.js";
import { startMetricsWriter } from "./metrics/metrics-writer.js";

export interface RunningWorker {
  worker: WorkerApp;
  server: Server;
  url: string;
  logger: Logger;
  /**
   * Drains (new deliveries held, in-flight jobs get the deadline), answers the held ones 503, then
   * closes the server.
   */
  stop(): Promise<void>;
}

/** `modules`: other job types and tasks than the registries', for a test's own process. */
export async function startWorker(
  config: Config,
  modules: Pick<AppOptions, "jobs" | "tasks"> = {},
): Promise<RunningWorker> {
  const logger = createLogger(config);
  const schedule = await loadSchedule(config.cronFile, modules.tasks ?? tasks);
  const sqs = createSqsClient(config);
  const idempotency = await openIdempotencyStore(config);
  const worker = createApp({
    config,
    logger,
    sqs,
    cronEntries: schedule,
    idempotencyStore: idempotency.store,
    runLocks: idempotency.runLocks,
    ...modules,
    ...(config.deadLetterQueueUrl
      ? { deadLetterQueue: createSqsDeadLetterQueue(sqs, config.deadLetterQueueUrl) }
      : {}),
  });
  const server = worker.app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const responses = trackOpenResponses(server);
  const metricsWriter =
    worker.metrics &&
    startMetricsWriter(worker.metrics, logger, config.metricsIntervalSeconds * 1000);
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    {
      url,
      httpPath: config.httpPath,
      periodicTasks: schedule.map((entry) => entry.name),
      idempotencyStore: idempotency.store.description,
    },
    "worker listening",
  );

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info(
        { inFlight: worker.tracker.inFlight, deadlineSeconds: config.shutdownDeadlineSeconds },
        "draining",
      );
      const report = await worker.drain(config.shutdownDeadlineSeconds * 1000);
      logger.info(report, "drained");
      // The deliveries held during the drain are being answered now: let those answers reach
      // sqsd before the connections are cut, or it would see a reset instead of a 503.
      await responses.allEnded(HELD_ANSWER_FLUSH_MS);
      const closed = new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      server.closeAllConnections();
      await closed;
      // Last, so the jobs that finished during the drain are in the last lines.
      metricsWriter?.stop();
      sqs.destroy();
      idempotency.close();
    })();
    return stopping;
  };
  return { worker, server, url, logger, stop };
}

/** Counts the responses not yet ended, to close the server only once they went out. */
function trackOpenResponses(server: Server) {
  let open = 0;
  let whenNone: (() => void) | undefined;
  server.on("request", (_req: IncomingMessage, res: ServerResponse) => {
    open += 1;
    res.once("close", () => {
      open -= 1;
      if (open === 0) whenNone?.();
    });
  });
  return {
    async allEnded(boundMs: number): Promise<void> {
      if (open === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        whenNone = resolve;
        timer = setTimeout(resolve, boundMs);
      });
      clearTimeout(timer);
    },
  };
}
