import { expect } from "chai";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { freePort } from "../support/free-port.js";

/** The banner line that names the console. */
const CONSOLE_LINE = /^ {2}console {11}(http:\/\/127\.0\.0\.1:\d+\/) \(open it in a browser\)$/;

describe("npm run local and its console", function () {
  this.timeout(90_000);
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, "exit");
      child.kill("SIGINT");
      await exited;
    }
    child = undefined;
  });

  it("prints the console's URL in its banner, and the page is served there", async () => {
    // src/local/main.ts is what `npm run local` runs (package.json), without npm's own process.
    child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/local/main.ts",
        "--sqs-port",
        String(await freePort()),
        "--app-port",
        String(await freePort()),
        "--without-watch",
      ],
      { env: { PATH: process.env.PATH, LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child!.stdout! }).on("line", (line) => {
        lines.push(line);
        const match = CONSOLE_LINE.exec(line);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child!.once("exit", (code) => {
        reject(new Error(`Expected the banner, got an exit (${code}) after:\n${lines.join("\n")}`));
      });
    });
    const response = await fetch(url);
    expect(response.status).to.equal(200);
    expect(await response.text()).to.include("<h1>sqs-worker console</h1>");
  });
});
