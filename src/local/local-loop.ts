/**
 * `npm run local`: the whole worker tier on one machine. The embedded SQS with a worker queue and
 * its dead-letter queue, the worker app as a child process, and the local sqsd beside it, using
 * the sqsd options of this repository's `.ebextensions` and its `cron.yaml`.
 */
import { join } from "node:path";
import type { Daemon } from "../daemon/daemon.js";
import { loadNginxEmulation } from "../daemon/nginx-emulation.js";
import { runDaemon } from "../daemon/run-daemon.js";
import { loadSqsdOptions } from "../daemon/sqsd-options-sources.js";
import type { SqsdOptions } from "../eb/sqsd-options.js";
import { startAppProcess, type AppProcess } from "./app-process.js";
import { startEmbeddedQueues, type EmbeddedQueues } from "./embedded-queues.js";
import { removeLocalState, writeLocalState } from "./local-state.js";

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
  /** Overrides of the sqsd options (flags), by AWS name. */
  sqsdFlags?: Parameters<typeof loadSqsdOptions>[0]["flags"];
  /** Put an emulated nginx (from .platform/nginx/conf.d) in front of the app, as on Beanstalk. @default true */
  behindNginx?: boolean;
  /** Whether to write the state file the CLI reads. @default true */
  writeState?: boolean;
}

export interface LocalLoop {
  queues: EmbeddedQueues;
  app: AppProcess;
  daemon: Daemon;
  options: SqsdOptions;
  appUrl: string;
  stop(): Promise<void>;
}

/** The variables the app gets so it talks to the embedded queues and accepts curl. */
export function appEnvironment(
  base: LocalLoopOptions["env"],
  queues: Pick<EmbeddedQueues, "endpoint" | "queueUrl" | "deadLetterQueueUrl">,
  options: SqsdOptions,
  port: number,
): Record<string, string | undefined> {
  return {
    ...base,
    PORT: String(port),
    HOST: "127.0.0.1",
    WORKER_QUEUE_URL: queues.queueUrl,
    WORKER_DEAD_LETTER_QUEUE_URL: queues.deadLetterQueueUrl,
    SQS_ENDPOINT: queues.endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    WORKER_MAX_RETRIES: String(options.maxRetries),
    WORKER_HTTP_PATH: options.httpPath,
    // curl straight to the app is part of trying it out; on Beanstalk this stays true.
    WORKER_REQUIRE_SQSD_USER_AGENT: "false",
  };
}

export async function startLocalLoop(options: LocalLoopOptions): Promise<LocalLoop> {
  const { cwd, log } = options;
  const sqsd = await loadSqsdOptions({
    ebextensionsDir: join(cwd, ".ebextensions"),
    env: options.env,
    flags: options.sqsdFlags ?? {},
  });
  const queues = await startEmbeddedQueues({
    port: options.sqsPort,
    maxRetries: sqsd.maxRetries,
    visibilityTimeout: sqsd.visibilityTimeout,
  });
  const appUrl = `http://127.0.0.1:${options.appPort}`;
  const writeState = options.writeState ?? true;
  let app: AppProcess | undefined;
  let daemon: Daemon | undefined;
  try {
    app = startAppProcess({
      command: options.appCommand,
      env: appEnvironment(options.env, queues, sqsd, options.appPort),
      cwd,
      healthUrl: `${appUrl}/health`,
      log,
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
      tuning: { drainSeconds: 30 },
      log: (line) => {
        log(`sqsd | ${line}`);
      },
    });
    if (writeState) {
      await writeLocalState(cwd, {
        endpoint: queues.endpoint,
        queueUrl: queues.queueUrl,
        deadLetterQueueUrl: queues.deadLetterQueueUrl,
        appUrl,
        pid: process.pid,
      });
    }
  } catch (error) {
    // Whatever started must stop, or the app child and the queues outlive a failed start.
    await Promise.all([daemon?.stop(), app?.stop()]);
    await queues.stop();
    throw error;
  }
  const started = { app, daemon };

  let stopping: Promise<void> | undefined;
  return {
    queues,
    ...started,
    options: sqsd,
    appUrl,
    stop: () =>
      (stopping ??= (async () => {
        // As on an instance being terminated, the daemon and the app stop together: the daemon
        // stops polling and waits for its POSTs while the app finishes them.
        await Promise.all([started.daemon.stop(), started.app.stop()]);
        await queues.stop();
        if (writeState) await removeLocalState(cwd);
      })()),
  };
}
