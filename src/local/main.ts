/**
 * `npm run local`: starts the local worker tier and keeps it up until Ctrl-C (or SIGTERM), then
 * stops the daemon (draining its POSTs), the app and the queues, in that order.
 */
import { parseArgs } from "node:util";
import { localBanner } from "./banner.js";
import { startLocalLoop } from "./local-loop.js";

const HELP = `Usage: npm run local -- [options]

Runs the worker tier locally: an embedded SQS (fauxqs) with the worker queue and a dead-letter
queue, the worker app (src/server.ts) and the local sqsd, with the sqsd options of .ebextensions.

Options:
  --sqs-port <n>   The embedded SQS's port. Default: $LOCAL_SQS_PORT, else 4566.
  --app-port <n>   The worker app's port. Default: $PORT, else 8080.
  --without-nginx  POST straight to the app instead of through an emulated nginx
                   (413/502/504 and X-Forwarded-For, from .platform/nginx/conf.d).
  -h, --help       Show this help.
`;

function port(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) {
    throw new Error(`Expected ${name} to be a port from 1 to 65535, got "${text}"`);
  }
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    strict: true,
    options: {
      "sqs-port": { type: "string" },
      "app-port": { type: "string" },
      "without-nginx": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const log = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const loop = await startLocalLoop({
    cwd: process.cwd(),
    sqsPort: port(values["sqs-port"] ?? env.LOCAL_SQS_PORT ?? "4566", "--sqs-port"),
    appPort: port(values["app-port"] ?? env.PORT ?? "8080", "--app-port"),
    appCommand: [process.execPath, "--import", "tsx", "src/server.ts"],
    behindNginx: !values["without-nginx"],
    env,
    log,
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
}

main().catch((error: unknown) => {
  console.error(`local: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
