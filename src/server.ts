/**
 * The process entry point (the Procfile runs `node dist/server.js`). Reads the environment once,
 * starts the worker, and on SIGTERM/SIGINT drains and exits 0.
 */
import { loadConfig } from "./config.js";
import { ExplainedError } from "./errors.js";
import { startWorker } from "./start.js";
import { stopOnSignals } from "./stop-on-signals.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await startWorker(config);
  stopOnSignals(running, config.shutdownDeadlineSeconds);
}

main().catch((error: unknown) => {
  // Errors that name what to fix are printed as they are; anything else with its stack.
  if (error instanceof ExplainedError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
