#!/usr/bin/env node
/**
 * The `sqs-worker` binary (package.json "bin"; `npm run cli --` in a checkout). The only place
 * the CLI touches the process: argv, the environment (handed to loadConfig), signals, exit code.
 */
import { SQSClient } from "@aws-sdk/client-sqs";
import { loadConfig } from "../config.js";
import type { CliContext } from "./command.js";
import { runCli } from "./run-cli.js";
import { createShutdown } from "./shutdown.js";

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

const shutdown = createShutdown(() => process.exit(130));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    shutdown.onSignal();
  });
}

const context: CliContext = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: shutdown.signal,
  setGraceSeconds: (seconds) => {
    shutdown.setGraceSeconds(seconds);
  },
  cwd: process.cwd(),
  createSqsClient,
  config: () => loadConfig(process.env),
};

process.exitCode = await runCli(process.argv.slice(2), context);
