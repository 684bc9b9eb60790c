import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";
/** Runs the CLI in-process against fauxqs, capturing what it writes. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import type { CliContext } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/run-cli.js";
import type { SQSClient } from "@aws-sdk/client-sqs";
import { createSqsClient } from "../support/fauxqs.js";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** @default a new temporary folder */
  cwd?: string;
  /** Lets a test change how the SQS client behaves (e.g. make every hold expire at once). */
  wrapClient?: (client: SQSClient) => SQSClient;
  /** Stands for Ctrl-C: aborting it is what the first SIGINT does in main. */
  signal?: AbortSignal;
}

export async function cli(
  args: string[],
  env: Record<string, string> = {},
  options: CliOptions = {},
): Promise<CliRun> {
  const { cwd } = options;
  const wrapClient = options.wrapClient ?? ((client: SQSClient): SQSClient => client);
  let stdout = "";
  let stderr = "";
  const context: CliContext = {
    env,
    stdout: { write: (text) => void (stdout += text) },
    stderr: { write: (text) => void (stderr += text) },
    signal: options.signal ?? new AbortController().signal,
    cwd: cwd ?? mkdtempSync(join(tmpdir(), "sqs-worker-cli-")),
    createSqsClient: ({ endpoint }) =>
      wrapClient(createSqsClient(endpoint ?? "http://127.0.0.1:9")),
    config: () => loadConfig({ LOG_LEVEL: "silent", ...env }),
  };
  const code = await runCli(args, context);
  return { code, stdout, stderr };
}

/** Per test: an embedded SQS with a worker queue and a dead-letter queue, and the CLI's variables for them. */
export async function startWorkerQueues(): Promise<{
  sqs: LocalSqs;
  queueUrl: string;
  dlqUrl: string;
  env: Record<string, string>;
}> {
  const sqs = await startLocalSqs();
  const queueUrl = sqs.createQueue("worker-queue");
  const dlqUrl = sqs.createQueue("worker-dlq");
  return {
    sqs,
    queueUrl,
    dlqUrl,
    env: {
      SQS_ENDPOINT: sqs.endpoint,
      WORKER_QUEUE_URL: queueUrl,
      WORKER_DEAD_LETTER_QUEUE_URL: dlqUrl,
    },
  };
}
