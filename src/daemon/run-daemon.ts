/**
 * Everything `sqs-worker daemon` and `npm run local` share: the sqsd options, cron.yaml, the
 * daemon itself, and its sqsd-style log. Returns the running daemon.
 */
import { GetQueueAttributesCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { loadCronFile, type CronEntry } from "../cron/cron-file.js";
import type { SqsdOptions } from "../eb/sqsd-options.js";
import { isFifoQueueUrl } from "../protocol/queue-url.js";
import type { AppAddress } from "./app-url.js";
import { startDaemon, type Daemon } from "./daemon.js";
import { createDaemonEvents } from "./events.js";
import { writeSqsdLog, type LineWriter } from "./log-lines.js";
import type { NginxEmulation } from "./nginx-emulation.js";
import type { DaemonTuning } from "./parameters.js";
import { ExplainedError } from "../errors.js";

export interface RunDaemonOptions {
  sqs: SQSClient;
  queueUrl: string;
  options: SqsdOptions;
  app: AppAddress;
  /** cron.yaml's path; undefined runs no periodic tasks. */
  cronFile: string | undefined;
  tuning?: Partial<DaemonTuning>;
  /** Emulate nginx between the daemon and the app, as on Beanstalk. */
  nginx?: NginxEmulation;
  /** Where the sqsd-style lines go. */
  log: LineWriter;
}

/** A queue that cannot be read at start is a mistake in the command, not a reason to retry forever. */
export class QueueUnreachableError extends ExplainedError {
  override name = "QueueUnreachableError";
}

async function assertQueueExists(sqs: SQSClient, queueUrl: string): Promise<void> {
  try {
    await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ["QueueArn"] }),
    );
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new QueueUnreachableError(
      `Expected to read the worker queue ${queueUrl}, got ${reason}`,
      { cause: error },
    );
  }
}

/**
 * The periodic tasks the daemon leads: cron.yaml's entries (none when the file is absent, or on a
 * FIFO queue, said in the log). Throws CronFileError, naming each line, for a file with problems.
 */
export async function loadPeriodicTasks(
  cronFile: string | undefined,
  queueUrl: string,
  log: LineWriter,
): Promise<CronEntry[]> {
  const tasks = cronFile === undefined ? [] : ((await loadCronFile(cronFile)) ?? []);
  if (tasks.length > 0 && isFifoQueueUrl(queueUrl)) {
    log(
      `scheduler: ${queueUrl} is a FIFO queue; periodic tasks are not supported there, ${cronFile ?? ""} ignored`,
    );
    return [];
  }
  return tasks;
}

/** "2 periodic task(s) from cron.yaml: a, b", for the log. */
export function describePeriodicTasks(tasks: readonly CronEntry[], cronFile: string): string {
  if (tasks.length === 0) return `no periodic task from ${cronFile}`;
  return `${tasks.length} periodic task(s) from ${cronFile}: ${tasks.map((task) => task.name).join(", ")}`;
}

export async function runDaemon(options: RunDaemonOptions): Promise<Daemon> {
  const { queueUrl, log } = options;
  await assertQueueExists(options.sqs, queueUrl);
  const periodicTasks = await loadPeriodicTasks(options.cronFile, queueUrl, log);
  const events = createDaemonEvents();
  const stopLog = writeSqsdLog(events, log);
  events.once("stopped", stopLog);
  const daemon = startDaemon({
    sqs: options.sqs,
    queueUrl,
    behaviour: options.options,
    target: { host: options.app.host, port: options.app.port },
    periodicTasks,
    events,
    ...(options.tuning ? { tuning: options.tuning } : {}),
    ...(options.nginx ? { nginx: options.nginx } : {}),
  });
  const { httpConnections, visibilityTimeout, errorVisibilityTimeout, inactivityTimeout } =
    options.options;
  log(
    `sqsd: polling ${queueUrl}, POSTing to http://${options.app.host}:${options.app.port}${options.options.httpPath} ` +
      `(HttpConnections ${httpConnections}, VisibilityTimeout ${visibilityTimeout}, ErrorVisibilityTimeout ${errorVisibilityTimeout}, InactivityTimeout ${inactivityTimeout})`,
  );
  if (options.nginx) {
    log(
      `sqsd: behind an emulated nginx (proxy_read_timeout ${options.nginx.readTimeoutSeconds} s, client_max_body_size ${options.nginx.maxBodyBytes === 0 ? "off" : `${options.nginx.maxBodyBytes} bytes`})`,
    );
  }
  if (periodicTasks.length > 0) {
    log(`scheduler: ${describePeriodicTasks(periodicTasks, options.cronFile ?? "")}`);
  }
  return daemon;
}
