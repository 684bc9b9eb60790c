/**
 * The local console: a page on a loopback port, started by `npm run local`, that shows the
 * queues, the jobs running and run, the parked messages and the periodic tasks, live, and lets
 * the developer enqueue a job, redrive parked messages and run a task now.
 *
 *   const history = createJobHistory();       // fed by the loop before the app starts
 *   const console = await startConsole({ port: 0, history, … });
 *   console.url;                               // http://127.0.0.1:<port>/
 *   await console.stop();
 */
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { JobDefinition } from "../jobs/define-job.js";
import type { SigningKeys } from "../protocol/signing-keys.js";
import { createConsoleActions } from "./console-actions.js";
import { createConsoleApp } from "./console-app.js";
import { jobForms } from "./job-forms.js";
import type { JobHistory } from "./job-history.js";
import { renderPage } from "./page.js";
import { readTasks } from "./periodic-tasks.js";
import { createQueueMonitor } from "./queue-monitor.js";

export interface ConsoleOptions {
  /** 0 for any free port. */
  port: number;
  sqs: SQSClient;
  queueUrl: string;
  deadLetterQueueUrl: string;
  jobs: readonly JobDefinition[];
  signingKeys: SigningKeys | undefined;
  cronFile: string;
  history: JobHistory;
  /** How often the queues' depth is read. @default 1000 */
  pollIntervalMs?: number;
}

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  stop(): Promise<void>;
}

/** Changes closer together than this are sent as one update. */
const COALESCE_MS = 50;

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const { history } = options;
  const monitor = createQueueMonitor({
    sqs: options.sqs,
    queueUrl: options.queueUrl,
    deadLetterQueueUrl: options.deadLetterQueueUrl,
    ...(options.pollIntervalMs === undefined ? {} : { intervalMs: options.pollIntervalMs }),
  });
  /** Numbers the states in the order their snapshots are taken: the page ignores an older one. */
  let version = 0;
  const state = async (): Promise<string> => {
    const tasks = await readTasks(options.cronFile);
    version += 1;
    return JSON.stringify({
      version,
      queues: monitor.snapshot(),
      jobs: history.snapshot(),
      tasks,
    });
  };

  const listeners = new Set<(state: string) => void>();
  let pending: NodeJS.Timeout | undefined;
  const changed = (): void => {
    if (pending !== undefined || listeners.size === 0) return;
    pending = setTimeout(() => {
      void state().then((json) => {
        pending = undefined;
        for (const listener of listeners) listener(json);
      });
    }, COALESCE_MS);
  };
  history.onChange(changed);
  monitor.onChange(changed);

  // 32 random bytes per run of the console: a page from an earlier run holds a dead token.
  const token = randomBytes(32).toString("base64url");
  let port = options.port;
  const hosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const app = createConsoleApp({
    guard: { token, hosts },
    page: renderPage(token, jobForms(options.jobs)),
    state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    actions: createConsoleActions({ ...options, monitor }),
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Loopback only: the console acts on the queues, and must not be reachable from the network.
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async stop() {
      clearTimeout(pending);
      listeners.clear();
      await monitor.stop();
      // Event streams never end on their own.
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
