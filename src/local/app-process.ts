/**
 * Runs the worker app as a child process, as Beanstalk's process manager runs the Procfile's
 * `web`: started, watched, and restarted with a growing back-off when it exits on its own. A
 * developer's change restarts it at once (`restart`); when that restart fails, the loop says why
 * and waits for the next change instead of crash-looping.
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
  /** The loop's own lines (restarts, failures). */
  log: (line: string) => void;
  /** The app's stdout and stderr lines. @default log, prefixed "app  | " */
  output?: (line: string) => void;
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
  /** Restarts so far, after a crash or a change. */
  readonly restarts: number;
  /**
   * Stops the app and starts it again (`why` is logged, e.g. "src/jobs/x.ts changed"). Resolves
   * true once the new app answers its health check, false when it did not start (said in the log).
   */
  restart(why: string): Promise<boolean>;
  stop(): Promise<void>;
}

const FIRST_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;
/** A child that ran this long is healthy again: the next crash starts the back-off over. */
const STABLE_AFTER_MS = 60_000;
/** The last lines of stderr quoted when the app exits before it is ready. */
const QUOTED_STDERR_LINES = 20;
export const OUTPUT_PREFIX = "app  | ";

/** Why a child was started: decides what its early exit means. */
type LaunchReason = "start" | "crash" | "change";

export function startAppProcess(options: AppProcessOptions): AppProcess {
  const { log } = options;
  const output =
    options.output ??
    ((line: string) => {
      log(`${OUTPUT_PREFIX}${line}`);
    });
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;
  let stopping = false;
  /** Read through a function: `stopping` changes while a restart awaits. */
  const isStopping = (): boolean => stopping;
  let restarts = 0;
  let backoffMs = FIRST_BACKOFF_MS;
  let restartTimer: NodeJS.Timeout | undefined;
  const currentPid = (): number | undefined => child?.pid;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });

  /** Starts a child; resolves when it answers its health check, rejects when it exits first. */
  const launch = (reason: LaunchReason): Promise<void> => {
    const [command = "", ...args] = options.command;
    const startedAt = Date.now();
    const stderrTail: string[] = [];
    let healthy = false;
    const started = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    prefixLines(started.stdout, "", output);
    prefixLines(started.stderr, "", (line) => {
      output(line);
      if (healthy) return;
      stderrTail.push(line);
      if (stderrTail.length > QUOTED_STDERR_LINES) stderrTail.shift();
    });
    const current = () => started === child && !stopping;

    const untilHealthy = new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (how: string): void => {
        if (settled) return;
        settled = true;
        const quoted = stderrTail.map((line) => `  ${line}`).join("\n");
        reject(
          new Error(
            `Expected the app to answer 200 at ${options.healthUrl}, got it ${how} before that${quoted ? `; its stderr:\n${quoted}` : " (nothing on stderr)"}`,
          ),
        );
      };
      started.on("error", (error) => {
        fail(`failing to start (${error.message})`);
      });
      // "close" comes after the child's stdout and stderr ended, so its last words are in the tail.
      started.on("close", (code, signal) => {
        fail(`exiting with ${signal ? `signal ${signal}` : `code ${code ?? "?"}`}`);
      });
      waitForHealth(options.healthUrl, startTimeoutMs, () => settled || !current()).then(
        () => {
          if (settled) return;
          settled = true;
          // Cancelled, not healthy: this child was replaced or the loop is stopping.
          if (!current()) reject(new Error("Expected the app to start, got it stopped first"));
          else {
            healthy = true;
            resolve();
          }
        },
        (error: unknown) => {
          if (settled) return;
          settled = true;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });

    started.on("close", (code, signal) => {
      if (!current()) return;
      // Never ready after a first start or a change: the caller reports it; restarting won't help.
      if (!healthy && reason !== "crash") return;
      if (Date.now() - startedAt > STABLE_AFTER_MS) backoffMs = FIRST_BACKOFF_MS;
      const how = signal ? `signal ${signal}` : `code ${code ?? "?"}`;
      log(`local: the app exited (${how}); restarting in ${backoffMs / 1000} s`);
      restartTimer = setTimeout(() => {
        restarts += 1;
        launch("crash").catch(() => undefined);
      }, backoffMs);
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    });
    return untilHealthy;
  };

  const stopChild = async (running: ChildProcess | undefined): Promise<void> => {
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
  };

  launch("start").then(resolveReady, (error: unknown) => {
    if (!stopping) rejectReady(error as Error);
  });

  /** Restarts run one after another; a change during one queues exactly one more. */
  let restarting: Promise<boolean> = Promise.resolve(true);
  let queued: Promise<boolean> | undefined;

  const restartNow = async (why: string): Promise<boolean> => {
    queued = undefined;
    if (stopping) return false;
    clearTimeout(restartTimer);
    const old = child;
    child = undefined;
    await stopChild(old);
    if (isStopping()) return false;
    restarts += 1;
    log(`local: ${why}; restarting the app`);
    try {
      await launch("change");
      log(`local: the app is up again (pid ${currentPid() ?? "?"})`);
      return true;
    } catch (error) {
      if (isStopping()) return false;
      log(
        `local: the app did not start after the change. ${(error as Error).message}\nlocal: fix it and save: the next change restarts it.`,
      );
      return false;
    }
  };

  return {
    ready,
    get pid() {
      return currentPid();
    },
    get restarts() {
      return restarts;
    },
    restart(why) {
      queued ??= restarting = restarting.then(() => restartNow(why));
      return queued;
    },
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      await stopChild(child);
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
