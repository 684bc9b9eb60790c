/**
 * The two processes of a worker instance, each its own Node.js process started from compiled
 * JavaScript with bench/lib/child.ts: the worker app (src/server.ts plus the probe job, see
 * processes/worker-app.ts) and the local sqsd (`sqs-worker daemon`, src/cli/main.ts). Each can be
 * killed and started again on the same port, as a supervisor would. An exit the harness did not
 * cause is a crash, recorded with the end of the process's stderr.
 */
import { spawnNode, type Child } from "../../bench/lib/child.js";
import { procfileNodeFlags } from "../../bench/lib/procfile.js";
import type { WorkerAppProcessOptions } from "../processes/worker-app.js";

export interface Supervised {
  readonly label: string;
  /** The process running now (the latest start). */
  current(): Child;
  start(): Promise<void>;
  /** Sends `signal` and waits for the exit; the exit is expected, not a crash. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Exits nobody asked for, with why. */
  readonly crashes: string[];
}

function supervise(
  label: string,
  spawn: () => Child,
  ready: (child: Child) => Promise<void>,
): Supervised {
  let child: Child | undefined;
  const crashes: string[] = [];
  const expected = new WeakSet<Child>();
  return {
    label,
    crashes,
    current() {
      if (!child) throw new Error(`Expected ${label} to have been started, got none`);
      return child;
    },
    async start() {
      const started = spawn();
      child = started;
      void started.exited.then((why) => {
        if (!expected.has(started)) crashes.push(why);
      });
      await ready(started);
    },
    async kill(signal) {
      const running = child;
      if (!running || running.process.exitCode !== null || running.process.signalCode !== null)
        return;
      expected.add(running);
      running.process.kill(signal);
      await running.exited;
    },
  };
}

export interface AppSettings {
  port: number;
  runsFile: string;
  /** Environment on top of HOST and PORT: the WORKER_* settings of the scenario. */
  env: Record<string, string>;
}

export function workerApp(label: string, settings: AppSettings): Supervised {
  const url = `http://127.0.0.1:${settings.port}`;
  const options: WorkerAppProcessOptions = { runsFile: settings.runsFile };
  return supervise(
    label,
    () =>
      spawnNode("reliability/processes/worker-app.ts", {
        label,
        // As production starts it: the Procfile's V8 settings.
        nodeFlags: procfileNodeFlags(),
        env: {
          HOST: "127.0.0.1",
          PORT: String(settings.port),
          ...settings.env,
        },
        args: [JSON.stringify(options)],
      }),
    (child) => waitForHealth(url, child, 30_000),
  );
}

export interface DaemonSettings {
  endpoint: string;
  queueUrl: string;
  appPort: number;
  /** sqsd options as `sqs-worker daemon` flags, e.g. { "http-connections": "50" }. */
  options: Record<string, string>;
  /** A directory without .ebextensions: every option not given keeps its AWS default. */
  emptyDir: string;
}

export function daemon(label: string, settings: DaemonSettings): Supervised {
  const flags = Object.entries(settings.options).flatMap(([name, value]) => [`--${name}`, value]);
  return supervise(
    label,
    () =>
      spawnNode("src/cli/main.ts", {
        label,
        args: [
          "daemon",
          "--endpoint",
          settings.endpoint,
          "--queue-url",
          settings.queueUrl,
          "--app-url",
          `http://127.0.0.1:${settings.appPort}`,
          "--without-cron",
          "--ebextensions",
          settings.emptyDir,
          ...flags,
        ],
      }),
    // The CLI says nothing over IPC; it is running once it has not failed its start-up checks.
    async (child) => {
      const early = await Promise.race([
        child.exited,
        new Promise<undefined>((resolve) =>
          setTimeout(() => {
            resolve(undefined);
          }, 300),
        ),
      ]);
      if (early !== undefined) throw new Error(`Expected ${label} to keep running, but ${early}`);
    },
  );
}

async function waitForHealth(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let problem = "no answer yet";
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null)
      throw new Error(`Expected ${await child.exited} to start, but it exited`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
      problem = `status ${response.status}`;
    } catch (error) {
      problem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(
    `Expected ${child.label} to answer GET /health within ${timeoutMs} ms, got ${problem}`,
  );
}
