/**
 * `npm run local`: starts the local worker tier and keeps it up until Ctrl-C (or SIGTERM), then
 * stops the daemon (draining its POSTs), the app and the queues. Exit code 2 for bad usage, 1 when
 * it could not start.
 */
import { UsageError } from "../cli/command.js";
import { helpText, parseFlags, stringFlag, type FlagTable } from "../cli/flags.js";
import { DEFAULT_PORT } from "../config.js";
import { appLogWriter } from "./app-log.js";
import { localBanner } from "./banner.js";
import { startLocalLoop } from "./local-loop.js";
import { DEFAULT_LOCAL_SQS_PORT, resolveLocalPorts } from "./ports.js";
import { silenceSdkNodeVersionWarning } from "../sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env); // here and in the app it starts; see sdk-node-warning.ts

const FLAGS: FlagTable = {
  "sqs-port": {
    type: "string",
    value: "n",
    description: `The embedded SQS's port. Default: $LOCAL_SQS_PORT, else ${DEFAULT_LOCAL_SQS_PORT}.`,
  },
  "app-port": {
    type: "string",
    value: "n",
    description: `The worker app's port. Default: $PORT, else ${DEFAULT_PORT}.`,
  },
  "without-nginx": {
    type: "boolean",
    description:
      "POST straight to the app instead of through an emulated nginx (413/502/504 and X-Forwarded-For, from .platform/nginx/conf.d).",
  },
  "without-watch": {
    type: "boolean",
    description: "Do not restart the app when a file under src/ or cron.yaml changes.",
  },
  "console-port": {
    type: "string",
    value: "n",
    description: "The console's port on 127.0.0.1. Default: any free port (printed in the banner).",
  },
  "without-console": {
    type: "boolean",
    description: "Do not serve the console (the queues, jobs and tasks in a browser).",
  },
  json: {
    type: "boolean",
    description: "The app's log as its raw JSON lines, unprefixed (pipe into pino-pretty or jq).",
  },
};

const HELP = helpText(
  "npm run local -- [options]",
  "Runs the worker tier locally: an embedded SQS (fauxqs) with the worker queue and a dead-letter\nqueue, the worker app (src/server.ts) and the local sqsd, with the sqsd options of .ebextensions.",
  FLAGS,
);

/** `--console-port`: 0 (any free port) unless given. */
function consolePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) {
    throw new UsageError(`Expected --console-port to be a port from 0 to 65535, got "${text}"`);
  }
  return value;
}

async function main(): Promise<number> {
  const { values } = parseFlags(process.argv.slice(2), FLAGS, false);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const loop = await startLocalLoop({
    cwd: process.cwd(),
    ...resolveLocalPorts(
      { "sqs-port": stringFlag(values, "sqs-port"), "app-port": stringFlag(values, "app-port") },
      process.env,
    ),
    appCommand: [process.execPath, "--import", "tsx", "src/server.ts"],
    behindNginx: !values["without-nginx"],
    watch: !values["without-watch"],
    console: !values["without-console"],
    consolePort: consolePort(stringFlag(values, "console-port")),
    env: process.env,
    log,
    appOutput: appLogWriter({
      mode: values.json ? "json" : "pretty",
      // hasColors() honours NO_COLOR and FORCE_COLOR.
      colour: process.stdout.isTTY && process.stdout.hasColors(),
      write: log,
    }),
  });
  log(localBanner(loop));
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const)
      process.once(signal, () => {
        resolve();
      });
  });
  log("local: stopping (Ctrl-C again to force)…");
  process.once("SIGINT", () => process.exit(130));
  await loop.stop();
  log("local: stopped.");
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof UsageError) {
      console.error(`local: ${message}\nRun \`npm run local -- --help\` for usage.`);
      process.exitCode = 2;
      return;
    }
    console.error(`local: ${message}`);
    process.exitCode = 1;
  },
);
