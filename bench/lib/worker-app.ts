/**
 * The worker app as production runs it: `src/server.ts` in its own process with the Procfile's
 * Node.js flags, configured only through its environment, ready when GET /health answers 200.
 */
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { spawnNode, type Child } from "./child.js";
import { procfileNodeFlags } from "./procfile.js";

export interface WorkerAppProcess {
  child: Child;
  port: number;
  url: string;
}

export interface WorkerAppOptions {
  label: string;
  /** The entry point, relative to the repository root (or another build's .js). @default "src/server.ts" */
  entry?: string;
  env?: Record<string, string>;
  cpuProfileDir?: string;
  /** @default the Procfile's, so the app runs with production's V8 settings */
  nodeFlags?: readonly string[];
}

export async function startWorkerApp(options: WorkerAppOptions): Promise<WorkerAppProcess> {
  const port = await freePort();
  const child = spawnNode(options.entry ?? "src/server.ts", {
    label: options.label,
    env: { HOST: "127.0.0.1", PORT: String(port), ...options.env },
    nodeFlags: options.nodeFlags ?? procfileNodeFlags(),
    ...(options.cpuProfileDir ? { cpuProfileDir: options.cpuProfileDir } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child, 30_000);
  return { child, port, url };
}

/** A port nothing listens on right now (the app is given a port; it cannot report one back). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

async function waitForHealth(url: string, child: Child, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lastProblem = "no answer yet";
  while (performance.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(
        `Expected ${child.label} to start, but it exited with code ${child.process.exitCode}`,
      );
    }
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
      lastProblem = `status ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `Expected ${child.label} to answer GET /health within ${timeoutMs} ms, got ${lastProblem}`,
  );
}
