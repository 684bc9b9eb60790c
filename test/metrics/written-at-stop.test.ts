/**
 * The real entry point in its own process, with an hour between metric flushes: a job run just
 * before SIGTERM is in the EMF line the worker writes as it stops.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { expect } from "chai";
import { job, sqsdHeaders } from "../support/sqsd-request.js";

describe("the server process's metrics", function () {
  this.timeout(60_000);

  it("are written once more at stop, with the jobs run since the last interval", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
      env: { PATH: process.env.PATH, PORT: "0", WORKER_METRICS_INTERVAL_SECONDS: "3600" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = once(child, "exit");
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const seen: Record<string, unknown>[] = [];
    const until = async (accept: (line: Record<string, unknown>) => boolean) => {
      for (let next = await lines.next(); !next.done; next = await lines.next()) {
        const line = JSON.parse(next.value) as Record<string, unknown>;
        seen.push(line);
        if (accept(line)) return line;
      }
      return undefined;
    };
    const listening = await until((line) => line.msg === "worker listening");
    const response = await fetch(String(listening?.url), {
      method: "POST",
      headers: sqsdHeaders(),
      body: job("noop", {}),
    });
    expect(response.status).to.equal(200);
    child.kill("SIGTERM");
    const metrics = await until((line) => line.msg === "metrics");
    expect(metrics).to.include({ JobType: "noop", JobsCompleted: 1, JobsFailed: 0 });
    expect(seen.findIndex((line) => line.msg === "drained")).to.be.greaterThan(-1);
    const [code] = (await exited) as [number | null];
    expect(code).to.equal(0);
  });
});
