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
  /**
   * Resolves when the app first answers its health check; rejects, quoting its stderr, when it
   * exits before that (a bad cron.yaml or configuration: restarting would not help).
   */
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
/** The last lines of stderr quoted when the app exits before it is ready. */
const QUOTED_STDERR_LINES = 20;
const OUTPUT_PREFIX = "app  | ";

export function startAppProcess(options: AppProcessOptions): AppProcess {
  const { log } = options;
  let child: ChildProcess | undefined;
  let stopping = false;
  let restarts = 0;
  let backoffMs = FIRST_BACKOFF_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  let isReady = false;
  /** Set when the first child ended before it was ready: no restart, `ready` rejects. */
  let failedToStart = false;
  let rejectReady: (error: Error) => void = () => undefined;
  const stderrTail: string[] = [];

  const failStart = (reason: string): void => {
    failedToStart = true;
    const quoted = stderrTail.map((line) => `  ${line}`).join("\n");
    rejectReady(
      new Error(
        `Expected the app to answer 200 at ${options.healthUrl}, got it ${reason} before that${quoted ? `; its stderr:\n${quoted}` : " (nothing on stderr)"}`,
      ),
    );
  };

  const launch = (): ChildProcess => {
    const [command = "", ...args] = options.command;
    const startedAt = Date.now();
    const started = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    prefixLines(started.stdout, OUTPUT_PREFIX, log);
    prefixLines(started.stderr, OUTPUT_PREFIX, (line) => {
      log(line);
      if (isReady) return;
      stderrTail.push(line.slice(OUTPUT_PREFIX.length));
      if (stderrTail.length > QUOTED_STDERR_LINES) stderrTail.shift();
    });
    started.on("error", (error) => {
      log(`local: could not start the app: ${error.message}`);
      if (!isReady && !stopping) failStart(`failing to start (${error.message})`);
    });
    // "close" comes after the child's stdout and stderr ended, so its last words are in the tail.
    started.on("close", (code, signal) => {
      if (isReady || stopping || failedToStart) return;
      failStart(`exiting with ${signal ? `signal ${signal}` : `code ${code ?? "?"}`}`);
    });
    started.on("exit", (code, signal) => {
      if (stopping || !isReady) return;
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

  const ready = new Promise<void>((resolve, reject) => {
    rejectReady = reject;
    waitForHealth(
      options.healthUrl,
      options.startTimeoutMs ?? 30_000,
      () => stopping || failedToStart,
    ).then(() => {
      if (failedToStart) return;
      isReady = true;
      resolve();
    }, reject);
  });
  child = launch();

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
