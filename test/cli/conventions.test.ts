import { expect } from "chai";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
import { cli } from "./support.js";
import { COMMANDS } from "../../src/cli/commands/index.js";

/** The commands as the dispatcher lists them, in order. */
const COMMAND_NAMES = COMMANDS.map((command) => command.name).join(", ");

const packageVersion = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  }
).version;

describe("sqs-worker's command-line conventions", () => {
  it("prints the version from package.json for --version, and exits 0", async () => {
    const run = await cli(["--version"]);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.equal(`${packageVersion}\n`);
  });

  it("prints a command's own help for `help <command>`, as `<command> --help` does", async () => {
    const help = await cli(["help", "enqueue"]);
    const flag = await cli(["enqueue", "--help"]);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.equal(flag.stdout);
    expect(help.stdout).to.match(/^Usage: sqs-worker enqueue <job-type>/);
  });

  it("prints a subcommand's help for `help dlq redrive`", async () => {
    const run = await cli(["help", "dlq", "redrive"]);
    expect(run.code).to.equal(0);
    expect(run.stdout).to.match(/^Usage: sqs-worker dlq redrive/);
  });

  it("exits 2 for `help` with an unknown command, suggesting the nearest one", async () => {
    const run = await cli(["help", "enqeue"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      `sqs-worker: Expected a command (${COMMAND_NAMES}), got "enqeue". Did you mean "enqueue"?\nRun \`sqs-worker --help\` for usage.\n`,
    );
  });

  it("exits 2 for an unknown command, suggesting the nearest one and the top-level help (never `bogus --help`)", async () => {
    const run = await cli(["enqeue", "noop", "{}"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      `sqs-worker: Expected a command (${COMMAND_NAMES}), got "enqeue". Did you mean "enqueue"?\nRun \`sqs-worker --help\` for usage.\n`,
    );
    const far = await cli(["bogus"]);
    expect(far.code).to.equal(2);
    expect(far.stderr).to.equal(
      `sqs-worker: Expected a command (${COMMAND_NAMES}), got "bogus"\nRun \`sqs-worker --help\` for usage.\n`,
    );
  });

  it("exits 2 for an unknown subcommand, pointing at the group's help", async () => {
    const run = await cli(["dlq", "lst"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      'sqs-worker: Expected a command (list, redrive, purge), got "lst". Did you mean "list"?\nRun `sqs-worker dlq --help` for usage.\n',
    );
  });

  it("exits 2 for an unknown flag, suggesting the nearest one", async () => {
    const run = await cli(["enqueue", "noop", "{}", "--queue-ur", "http://x"]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      "sqs-worker: Expected a known option, got --queue-ur. Did you mean --queue-url?\nRun `sqs-worker enqueue --help` for usage.\n",
    );
  });

  it("exits 2 with the top-level help on stderr when no command is given", async () => {
    const run = await cli([]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.match(/^Usage: sqs-worker <command> \[options\]/);
  });

  for (const [delay, rule] of [
    ["901", 'Expected --delay to be a whole number of seconds from 0 to 900, got "901"'],
    ["abc", 'Expected --delay to be a whole number of seconds from 0 to 900, got "abc"'],
  ] as const) {
    it(`exits 2 for --delay ${delay}, a usage error like any other bad flag value`, async () => {
      const run = await cli(["enqueue", "noop", "{}", "--delay", delay], {
        WORKER_QUEUE_URL: "http://127.0.0.1:9/000000000000/q",
      });
      expect(run.code).to.equal(2);
      expect(run.stderr).to.equal(
        `sqs-worker: ${rule}\nRun \`sqs-worker enqueue --help\` for usage.\n`,
      );
    });
  }

  it("exits 2 for a bad doctor flag, in the same format as every other command", async () => {
    const run = await cli(["doctor", "--rooot", "."]);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.equal(
      "sqs-worker: Expected a known option, got --rooot. Did you mean --root?\nRun `sqs-worker doctor --help` for usage.\n",
    );
  });

  it("exits 2 for a bad --drain-seconds and a bad --app-url of the daemon", async () => {
    const drain = await cli(["daemon", "--drain-seconds", "soon"]);
    expect(drain.code).to.equal(2);
    const app = await cli(["daemon", "--app-url", "ftp://x"]);
    expect(app.code).to.equal(2);
    expect(app.stderr).to.match(/^sqs-worker: --app-url: /);
  });
});

describe("sqs-worker enqueue --file interrupted by Ctrl-C", () => {
  let sqs: LocalSqs;
  let queueUrl: string;
  beforeEach(async () => {
    sqs = await startLocalSqs();
    queueUrl = sqs.createQueue("worker-queue");
  });
  afterEach(() => sqs.stop());

  it("prints one summary line instead of a line per job cut short, and exits 130", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sqs-worker-jobs-"));
    const file = join(dir, "jobs.ndjson");
    const lines = Array.from({ length: 500 }, (_, n) =>
      JSON.stringify({ type: "noop", payload: { n } }),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    const controller = new AbortController();
    let batches = 0;
    // Ctrl-C arrives while batches are in flight: right after the third batch request leaves.
    const abortOnThirdBatch = (client: SQSClient): SQSClient => {
      client.middlewareStack.add(
        (next, context) => (args) => {
          if (context.commandName === "SendMessageBatchCommand" && ++batches === 3) {
            controller.abort();
          }
          return next(args);
        },
        { step: "initialize", name: "ctrlC" },
      );
      return client;
    };
    const run = await cli(
      ["enqueue", "--file", file],
      { SQS_ENDPOINT: sqs.endpoint, WORKER_QUEUE_URL: queueUrl },
      { wrapClient: abortOnThirdBatch, signal: controller.signal },
    );
    expect(run.code).to.equal(130);
    expect(run.stderr).not.to.include("AbortError");
    expect(run.stderr).to.match(
      /^Interrupted: enqueued \d+ of 500 job\(s\); \d+ cut short in flight \(they may have arrived\), \d+ not sent\.\n$/,
    );
  });
});
