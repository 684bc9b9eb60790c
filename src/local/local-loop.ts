/**
 * `npm run local`: the whole worker tier on one machine. The embedded SQS with a worker queue and
 * its dead-letter queue, the worker app as a child process, and the local sqsd beside it, using
 * the sqsd options of this repository's `.ebextensions` and its `cron.yaml`. The embedded S3 has
 * the worker bucket, and its uploads under `uploads/` are notified to the worker queue as S3 would.
 */
import { join } from "node:path";
import type { Daemon } from "../daemon/daemon.js";
import { loadNginxEmulation } from "../daemon/nginx-emulation.js";
import { describePeriodicTasks, loadPeriodicTasks, runDaemon } from "../daemon/run-daemon.js";
import { loadSqsdOptionsWithOrigins } from "../daemon/sqsd-options-sources.js";
import type { SqsdOptions } from "../eb/sqsd-options.js";
import { appEnvironment, describeOverrides } from "./app-environment.js";
import { OUTPUT_PREFIX, startAppProcess, type AppProcess } from "./app-process.js";
import { startEmbeddedQueues, type EmbeddedQueues } from "./embedded-queues.js";
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from "./embedded-dynamodb.js";
import { assertPortFree } from "./free-port.js";
import { claimLocalState, localStatePath, releaseLocalState } from "./local-state.js";
import { watchSources } from "./watch-sources.js";
import { ExplainedError } from "../errors.js";
import type { CronEntry } from "../cron/cron-entry.js";
import { describeNextRun, nextRuns } from "../schedules/next-runs.js";
import { tasks as registeredTasks } from "../tasks/index.js";
import { loadConfig } from "../config.js";
import { startConsole, type RunningConsole } from "../console/console.js";
import { createJobHistory } from "../console/job-history.js";
import { readJobLogRecord } from "../console/job-log-record.js";
import { jobs } from "../jobs/index.js";
import { IMAGE_SUFFIXES, IMAGE_UPLOADS_PREFIX } from "../s3-events/rules.js";
import { createS3Notifier, type S3Notifier } from "./s3-notifications.js";

export interface LocalLoopOptions {
  cwd: string;
  /** The embedded SQS's port; fixed by default so printed commands keep working. */
  sqsPort: number;
  appPort: number;
  /** The app's command, e.g. [process.execPath, "--import", "tsx", "src/server.ts"]. */
  appCommand: readonly string[];
  /** The environment the app inherits (the local loop adds its own variables). */
  env: Readonly<Record<string, string | undefined>>;
  log: (line: string) => void;
  /** Where the app's output lines go. @default log, prefixed "app  | " */
  appOutput?: (line: string) => void;
  /** Overrides of the sqsd options (flags), by AWS name. */
  sqsdFlags?: Parameters<typeof loadSqsdOptionsWithOrigins>[0]["flags"];
  /** Put an emulated nginx (from .platform/nginx/conf.d) in front of the app, as on Beanstalk. @default true */
  behindNginx?: boolean;
  /** Whether to write the state file the CLI reads (unless another running loop's is there). @default true */
  writeState?: boolean;
  /** Restart the app when a file under src/ or cron.yaml changes. @default false */
  watch?: boolean;
  /** Serve the console (src/console) on a loopback port; `npm run local` does. @default false */
  console?: boolean;
  /** The console's port; 0 for any free one (printed in the banner). @default 0 */
  consolePort?: number;
}

export interface LocalLoop {
  queues: EmbeddedQueues;
  /** dynalite with the idempotency table: the app's store, as DynamoDB is in production. */
  dynamoDb: EmbeddedDynamoDb;
  /** The emulated S3 event notifications of the worker bucket. */
  s3Notifications: S3Notifier;
  app: AppProcess;
  daemon: Daemon;
  options: SqsdOptions;
  appUrl: string;
  /** The console's address, unless it was turned off. */
  consoleUrl: string | undefined;
  stop(): Promise<void>;
}

export async function startLocalLoop(options: LocalLoopOptions): Promise<LocalLoop> {
  const { cwd, log } = options;
  const { options: sqsd, origins } = await loadSqsdOptionsWithOrigins({
    ebextensionsDir: join(cwd, ".ebextensions"),
    env: options.env,
    flags: options.sqsdFlags ?? {},
  });
  await assertPortFree(
    options.appPort,
    "127.0.0.1",
    "the app",
    "another npm run local? choose another with --app-port or PORT",
  );
  const queues = await startEmbeddedQueues({
    port: options.sqsPort,
    maxRetries: sqsd.maxRetries,
    visibilityTimeout: sqsd.visibilityTimeout,
  });
  const appUrl = `http://127.0.0.1:${options.appPort}`;
  const writeState = options.writeState ?? true;
  const s3Notifications = createS3Notifier({
    s3: queues.s3,
    sqs: queues.sqs,
    queueUrl: queues.queueUrl,
    filter: { bucket: queues.bucket, prefix: IMAGE_UPLOADS_PREFIX, suffixes: IMAGE_SUFFIXES },
    log,
  });
  queues.observe((request) => {
    s3Notifications.observe(request);
  });
  let app: AppProcess | undefined;
  let daemon: Daemon | undefined;
  let dynamoDb: EmbeddedDynamoDb | undefined;
  let runningConsole: RunningConsole | undefined;
  // The console's job history reads the app's lines from its first one.
  const history = options.console ? createJobHistory() : undefined;
  const appOutput =
    options.appOutput ??
    ((line: string) => {
      log(`${OUTPUT_PREFIX}${line}`);
    });
  try {
    dynamoDb = await startEmbeddedDynamoDb();
    const env = appEnvironment(options.env, queues, sqsd, options.appPort, dynamoDb);
    for (const line of describeOverrides(options.env, env, origins)) log(line);
    app = startAppProcess({
      command: options.appCommand,
      env,
      cwd,
      healthUrl: `${appUrl}/health`,
      log,
      output: (line) => {
        const record = history && readJobLogRecord(line);
        if (record) history.logged(record);
        appOutput(line);
      },
    });
    await app.ready;
    const nginx =
      (options.behindNginx ?? true)
        ? await loadNginxEmulation(join(cwd, ".platform", "nginx", "conf.d"))
        : undefined;
    daemon = await runDaemon({
      sqs: queues.sqs,
      queueUrl: queues.queueUrl,
      options: sqsd,
      app: { host: "127.0.0.1", port: options.appPort },
      cronFile: join(cwd, "cron.yaml"),
      ...(nginx ? { nginx } : {}),
      // No drain of its own: the daemon's default (src/daemon/parameters.ts) decides.
      log: (line) => {
        log(`sqsd | ${line}`);
      },
    });
    const periodicTasks = await loadPeriodicTasks(
      join(cwd, "cron.yaml"),
      queues.queueUrl,
      () => {},
    );
    logNextRuns(periodicTasks, (line) => {
      log(`sqsd | ${line}`);
    });
    if (history) {
      history.follow(daemon.events);
      runningConsole = await startConsole({
        port: options.consolePort ?? 0,
        sqs: queues.sqs,
        queueUrl: queues.queueUrl,
        deadLetterQueueUrl: queues.deadLetterQueueUrl,
        jobs,
        // The app's own view of its signing keys, so what the console sends is what the app accepts.
        signingKeys: loadConfig(env).signingKeys,
        cronFile: join(cwd, "cron.yaml"),
        history,
      });
    }
    if (writeState) {
      const claim = await claimLocalState(cwd, {
        endpoint: queues.endpoint,
        queueUrl: queues.queueUrl,
        deadLetterQueueUrl: queues.deadLetterQueueUrl,
        bucket: queues.bucket,
        appUrl,
        pid: process.pid,
      });
      if (!claim.claimed) {
        log(
          `local: another npm run local (pid ${claim.owner.pid}, SQS at ${claim.owner.endpoint}) owns ${localStatePath(cwd)}, so \`npm run cli\` talks to it; for this one add --endpoint ${queues.endpoint} --queue-url ${queues.queueUrl} --dlq-url ${queues.deadLetterQueueUrl}`,
        );
      }
    }
  } catch (error) {
    // Whatever started must stop, or the app child and the queues outlive a failed start.
    await runningConsole?.stop();
    await Promise.all([daemon?.stop(), app?.stop()]);
    await Promise.all([queues.stop(), dynamoDb?.stop()]);
    throw error;
  }
  const started = { app, daemon };
  const store = dynamoDb;
  const running = app;
  const cronFile = join(cwd, "cron.yaml");
  /** The daemon leads the edited cron.yaml's tasks; a file with problems keeps the old schedule. */
  const reloadSchedule = async (): Promise<void> => {
    const sqsdLog = (line: string): void => {
      log(`sqsd | ${line}`);
    };
    try {
      const tasks = await loadPeriodicTasks(cronFile, queues.queueUrl, sqsdLog);
      started.daemon.setPeriodicTasks(tasks);
      sqsdLog(`scheduler: reloaded ${describePeriodicTasks(tasks, cronFile)}`);
      logNextRuns(tasks, sqsdLog);
    } catch (error) {
      const problem = error instanceof ExplainedError ? error.message : String(error);
      sqsdLog(`scheduler: kept the previous schedule; ${problem}`);
    }
  };
  const watcher = options.watch
    ? watchSources(cwd, (what, changed) => {
        if (changed.has("cron.yaml")) void reloadSchedule();
        void running.restart(`${what} changed`);
      })
    : undefined;

  let stopping: Promise<void> | undefined;
  return {
    queues,
    s3Notifications,
    ...started,
    dynamoDb: store,
    options: sqsd,
    appUrl,
    consoleUrl: runningConsole?.url,
    stop: () =>
      (stopping ??= (async () => {
        watcher?.close();
        await runningConsole?.stop();
        // As on an instance being terminated, the daemon and the app stop together: the daemon
        // stops polling and waits for its POSTs while the app finishes them.
        await Promise.all([started.daemon.stop(), started.app.stop()]);
        await s3Notifications.settled();
        await Promise.all([queues.stop(), store.stop()]);
        if (writeState) await releaseLocalState(cwd, queues.endpoint);
      })()),
  };
}

/** Each task's next run, in UTC and in the zone its schedule is declared in (src/schedules). */
function logNextRuns(entries: readonly CronEntry[], log: (line: string) => void): void {
  for (const run of nextRuns(entries, registeredTasks)) log(`scheduler: ${describeNextRun(run)}`);
}
