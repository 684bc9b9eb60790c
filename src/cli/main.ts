#!/usr/bin/env node
/**
 * The `sqs-worker` binary (package.json "bin"; `npm run cli --` in a checkout). The only place
 * the CLI touches the process: argv, the environment (handed to loadConfig), signals, exit code.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { loadConfig } from "../config.js";
import type { CliContext } from "./command.js";
import { runCli } from "./run-cli.js";

/** Local SQS emulators accept any credentials; real AWS gets the default credential chain. */
function createSqsClient({
  endpoint,
  region,
}: {
  endpoint: string | undefined;
  region: string;
}): SQSClient {
  const local =
    endpoint !== undefined &&
    /^https?:\/\/(localhost|127\.|\[::1\]|[^/]*\.localhost)/.test(endpoint);
  return new SQSClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    ...(local ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
  });
}

const controller = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    controller.abort();
    // A second signal, or a command that ignores the first for 10 s, ends the process.
    process.once(signal, () => process.exit(130));
    setTimeout(() => process.exit(130), 10_000).unref();
  });
}

const context: CliContext = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  cwd: process.cwd(),
  createSqsClient,
  config: () => loadConfig(process.env),
};

process.exitCode = await runCli(process.argv.slice(2), context);
