/**
 * `npm run local`: starts the local worker tier and keeps it up until Ctrl-C (or SIGTERM), then
 * stops the daemon (draining its POSTs), the app and the queues, in that order.
 */
import { parseArgs } from "node:util";
import { localBanner } from "./banner.js";
import { startLocalLoop } from "./local-loop.js";
import { DEFAULT_LOCAL_SQS_PORT, resolveLocalPorts } from "./ports.js";
import { DEFAULT_PORT } from "../config.js";
import { silenceSdkNodeVersionWarning } from "../sdk-node-warning.js";

silenceSdkNodeVersionWarning(process.env); // here and in the app it starts; see sdk-node-warning.ts

const HELP = `Usage: npm run local -- [options]

Runs the worker tier locally: an embedded SQS (fauxqs) with the worker queue and a dead-letter
queue, the worker app (src/server.ts) and the local sqsd, with the sqsd options of .ebextensions.

Options:
  --sqs-port <n>   The embedded SQS's port. Default: $LOCAL_SQS_PORT, else ${DEFAULT_LOCAL_SQS_PORT}.
  --app-port <n>   The worker app's port. Default: $PORT, else ${DEFAULT_PORT}.
  --without-nginx  POST straight to the app instead of through an emulated nginx
                   (413/502/504 and X-Forwarded-For, from .platform/nginx/conf.d).
  -h, --help       Show this help.
`;

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
    ...resolveLocalPorts(values, env),
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
