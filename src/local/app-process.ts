/**
 * Runs the worker app as a child process, as Beanstalk's process manager runs the Procfile's
 * `web`: started, watched, and restarted with a growing back-off when it exits on its own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { prefixLines } from "./line-prefixer.js";

export interface AppProcessOptions {
  /** The command and its arguments, e.g. [process.execPath, "--import", "tsx", "src/server.ts"]. */
  command: readonly string[];
  env: Record<string, string | undefined>;
  cwd: string;
  /** GET this URL until it answers 200 to know the app is up. */
  healthUrl: string;
  log: (line: string) => void;
  /** How long a stop waits after SIGTERM before SIGKILL. @default 35000 */
  stopTimeoutMs?: number;
  /** How long a start waits for the health check. @default 30000 */
  startTimeoutMs?: number;
}

export interface AppProcess {
  /** Resolves when the app first answers its health check. */
  readonly ready: Promise<void>;
  /** The current child's pid. */
  readonly pid: number | undefined;
  /** Restarts so far. */
  readonly restarts: number;
  stop(): Promise<void>;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long is healthy again: the next crash starts the back-off over. */
const STABLE_AFTER_MS = 60_000;

export function startAppProcess(options: AppProcessOptions): AppProcess {
  const { log } = options;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let backoffMs = FIRST_BACKOFF_MS;
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = (): ChildProcess => {
    const [command = "", ...args] = options.command;
    const startedAt = Date.now();
    const started = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    prefixLines(started.stdout, "app  | ", log);
    prefixLines(started.stderr, "app  | ", log);
    started.on("error", (error) => {
      log(`local: could not start the app: ${error.message}`);
    });
    started.on("exit", (code, signal) => {
      if (stopping) return;
      if (Date.now() - startedAt > STABLE_AFTER_MS) backoffMs = FIRST_BACKOFF_MS;
      const how = signal ? `signal ${signal}` : `code ${code ?? "?"}`;
      log(`local: the app exited (${how}); restarting in ${backoffMs / 1000} s`);
      restartTimer = setTimeout(() => {
        restarts += 1;
        child = launch();
      }, backoffMs);
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    });
    return started;
  };

  child = launch();
  const ready = waitForHealth(options.healthUrl, options.startTimeoutMs ?? 30_000, () => stopping);

  return {
    ready,
    get pid() {
      return child?.pid;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) =>
        running.once("exit", () => {
          resolve();
        }),
      );
      running.kill("SIGTERM");
      const killer = setTimeout(() => running.kill("SIGKILL"), options.stopTimeoutMs ?? 35_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

async function waitForHealth(
  url: string,
  timeoutMs: number,
  cancelled: () => boolean,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !cancelled()) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (cancelled()) return;
  throw new Error(
    `Expected the app to answer 200 at ${url} within ${timeoutMs / 1000} s, got no answer`,
  );
}
