/**
 * Child processes for the deployment tests: run a command to completion, start a server and wait
 * until it answers, stop it. Waiting polls for the event (a connection that succeeds) within a
 * deadline; nothing sleeps for a fixed time.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { setTimeout as delay } from "node:timers/promises";

export interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to the end, collecting stdout and stderr together. */
export async function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<Finished> {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, output };
}

/** A long-running child whose output is kept for failure messages. */
export interface Service {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export function startService(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Service {
  const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, "exit");
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request to 127.0.0.1, with a body if given. */
export async function httpRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<HttpAnswer> {
  const req = request({ host: "127.0.0.1", port, method, path, headers, timeout: 10_000 });
  req.on("timeout", () =>
    req.destroy(new Error(`No answer from 127.0.0.1:${port}${path} within 10 s`)),
  );
  req.end(body);
  const [res] = (await once(req, "response")) as [import("node:http").IncomingMessage];
  let text = "";
  for await (const chunk of res) text += (chunk as Buffer).toString();
  return { status: res.statusCode ?? 0, body: text };
}

/**
 * Polls GET `path` until it answers 200. Connection refused means "not listening yet"; a service
 * that exits, or the deadline, ends the wait with its output in the error.
 */
export async function waitUntilServing(
  port: number,
  path: string,
  service: Service,
  deadlineMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last = "no attempt";
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      throw new Error(
        `The service exited (${service.child.exitCode ?? service.child.signalCode}) before serving ${path}:\n${service.output()}`,
      );
    }
    try {
      const answer = await httpRequest(port, "GET", path);
      if (answer.status === 200) return;
      last = `status ${answer.status}`;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ECONNREFUSED" && code !== "ECONNRESET") throw error;
      last = code;
    }
    await delay(50); // between polls only; the loop ends on the event or the deadline
  }
  throw new Error(
    `Nothing served 200 at 127.0.0.1:${port}${path} within ${deadlineMs} ms (last: ${last}):\n${service.output()}`,
  );
}
