#!/usr/bin/env node
/**
 * The `sqs-worker` binary (package.json "bin"; `npm run cli --` in a checkout). The only place
 * the CLI touches the process: argv, the environment (handed to loadConfig), signals, exit code.
 */
import { loadConfig } from "../config.js";
import { createSqsClient } from "../sqs-client.js";
import type { CliContext } from "./command.js";
import { runCli } from "./run-cli.js";
import { createShutdown } from "./shutdown.js";
import { silenceSdkNodeVersionWarning } from "../sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env); // Beanstalk runs Node.js 22; see sdk-node-warning.ts

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
  createSqsClient: ({ endpoint, region }) =>
    createSqsClient({ awsRegion: region, sqsEndpoint: endpoint }),
  config: () => loadConfig(process.env),
};

process.exitCode = await runCli(process.argv.slice(2), context);
