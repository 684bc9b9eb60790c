/**
 * The real entry point as the Procfile runs it, in its own process: listens, serves, and on
 * SIGTERM drains and exits 0; a bad environment stops it before listening.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { expect } from "chai";

function startServer(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: { PATH: process.env.PATH, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Reads the child's JSON log lines in order; `until(message)` resolves with the next line that has that msg. */
function logOf(child: ChildProcess) {
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  return {
    async until(message: string): Promise<Record<string, unknown>> {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = JSON.parse(next.value) as Record<string, unknown>;
        if (line.msg === message) return line;
      }
      throw new Error(`the server exited without logging "${message}"`);
    },
  };
}

describe("the server process", function () {
  this.timeout(20_000);

  it("serves /health, and on SIGTERM drains and exits 0", async () => {
    const child = startServer({});
    const log = logOf(child);
    const { url } = (await log.until("worker listening")) as { url: string };
    const health = await fetch(`${url}/health`);
    expect(health.status).to.equal(200);
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    expect(await log.until("drained")).to.include({ finished: 0, aborted: 0 });
    const [code] = (await exited) as [number | null];
    expect(code).to.equal(0);
  });

  it("refuses to start with a bad environment, listing every problem, and exits 1", async () => {
    const child = startServer({ WORKER_MAX_RETRIES: "0", WORKER_HTTP_PATH: "jobs" });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).to.equal(1);
    expect(stderr).to.equal(
      [
        "Invalid configuration:",
        '  - WORKER_HTTP_PATH: expected a literal path starting with / made of letters, digits, "-", ".", "_", "~" and "/", got "jobs"',
        '  - WORKER_MAX_RETRIES: expected a whole number from 1 to 100, got "0"',
        "",
      ].join("\n"),
    );
  });

  it("refuses to start when cron.yaml is invalid, naming the file and line, and exits 1", async () => {
    const child = startServer({ WORKER_CRON_FILE: "test/fixtures/cron/six-fields.yaml" });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).to.equal(1);
    expect(stderr).to.match(
      /^test\/fixtures\/cron\/six-fields\.yaml has 1 problem:\n {2}test\/fixtures\/cron\/six-fields\.yaml:\d+: /,
    );
  });
});
