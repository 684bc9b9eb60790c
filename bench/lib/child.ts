/**
 * Runs each benchmark participant in its own Node.js process, as in production, so its CPU and
 * memory can be read from /proc on its own. Bench-owned children talk over IPC: they send
 * `{ kind: "ready" }` once loaded and start work on `{ kind: "go" }`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { builtScript, REPO_ROOT } from "./build.js";
import { SDK_NODE_WARNING_OFF } from "../../src/sdk-node-warning.js";

/** A message from a bench child; `kind` says what it is. */
export type ChildMessage = { kind: string } & Record<string, unknown>;

export interface SpawnOptions {
  /** Extra environment on top of a minimal one (PATH, HOME, NODE_ENV, the SDK's warning off). */
  env?: Record<string, string>;
  args?: readonly string[];
  /** Node.js flags before the script, e.g. the Procfile's V8 settings. */
  nodeFlags?: readonly string[];
  /** Write a V8 CPU profile here when the process exits (node --cpu-prof). */
  cpuProfileDir?: string;
  /** A name for error messages and profile files. */
  label: string;
}

export interface Child {
  readonly label: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves, once the process has exited, with how it exited and the end of its stderr. */
  readonly exited: Promise<string>;
  /** Resolves with the next IPC message of this kind; rejects on exit or after `timeoutMs`. */
  next(kind: string, timeoutMs: number): Promise<ChildMessage>;
  /** Calls `listener` for every IPC message of this kind, until the returned function is called. */
  on(kind: string, listener: (message: ChildMessage) => void): () => void;
  send(message: ChildMessage): void;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
// If the harness stops half-way, take the children with it (main.ts turns SIGINT and SIGTERM
// into process.exit, so this runs then too).
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Runs a TypeScript file (path relative to the repository root) in a new Node.js process, from
 * its compiled JavaScript (see build.ts), as production runs `node dist/server.js`; a `.js` path
 * (absolute: another commit's build, see build-ref.ts) runs as it is.
 */
export function spawnNode(script: string, options: SpawnOptions): Child {
  const nodeArgs: string[] = [...(options.nodeFlags ?? [])];
  if (options.cpuProfileDir) {
    nodeArgs.push(
      "--cpu-prof",
      "--cpu-prof-dir",
      options.cpuProfileDir,
      "--cpu-prof-name",
      `${options.label}.${Date.now()}.cpuprofile`,
    );
  }
  const child = spawn(
    process.execPath,
    [...nodeArgs, script.endsWith(".js") ? script : builtScript(script), ...(options.args ?? [])],
    {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        NODE_ENV: "production",
        // A crash report on stderr should not start with the SDK's Node.js 20 warning.
        ...SDK_NODE_WARNING_OFF,
        ...options.env,
      },
      // stdout is dropped (the app's log lines still cost it the formatting and the write);
      // stderr is kept so a crash says why.
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    },
  );
  if (child.pid === undefined) throw new Error(`Could not start ${options.label} (${script})`);
  running.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = once(child, "exit").then(([code, signal]) => {
    running.delete(child);
    return `${options.label} exited (code ${String(code)}, signal ${String(signal)})${stderr ? `:\n${stderr}` : ""}`;
  });

  const listeners = new Map<string, ((message: ChildMessage) => void)[]>();
  child.on("message", (raw: unknown) => {
    const message = raw as ChildMessage;
    for (const listener of listeners.get(message.kind) ?? []) listener(message);
  });
  const on = (kind: string, listener: (message: ChildMessage) => void): (() => void) => {
    listeners.set(kind, [...(listeners.get(kind) ?? []), listener]);
    return () => {
      listeners.set(
        kind,
        (listeners.get(kind) ?? []).filter((other) => other !== listener),
      );
    };
  };

  return {
    label: options.label,
    pid: child.pid,
    process: child,
    exited,
    on,
    next(kind, timeoutMs) {
      return new Promise<ChildMessage>((resolve, reject) => {
        let done = false;
        const timer = setTimeout(() => {
          done = true;
          reject(
            new Error(
              `Expected "${kind}" from ${options.label} within ${timeoutMs} ms, got nothing`,
            ),
          );
        }, timeoutMs);
        const unsubscribe = on(kind, (message) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          unsubscribe();
          resolve(message);
        });
        void exited.then((why) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          reject(new Error(`Expected "${kind}" from ${why}`));
        });
      });
    },
    send(message) {
      child.send(message);
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** What every bench child calls first: the harness going away ends the child, no orphans. */
export function exitWithHarness(): void {
  if (!process.send)
    throw new Error("Expected to run as a bench child with an IPC channel, got none");
  process.once("disconnect", () => process.exit(0));
  process.once("SIGTERM", () => process.exit(0));
}

/** Tells the harness this child is loaded and ready, with whatever it needs to know. */
export function announceReady(info: Record<string, unknown> = {}): void {
  process.send?.({ kind: "ready", ...info });
}

/** Resolves when the harness says go: work starts only then, so start-up is not timed. */
export function waitForGo(): Promise<void> {
  return new Promise<void>((resolve) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.kind !== "go") return;
      process.off("message", onMessage);
      resolve();
    };
    process.on("message", onMessage);
  });
}

/** A bench child's options: one JSON argument, written by the harness. */
export function childOptions(): unknown {
  const raw = process.argv[2];
  if (raw === undefined)
    throw new Error("Expected the child's options as a JSON argument, got none");
  return JSON.parse(raw);
}
