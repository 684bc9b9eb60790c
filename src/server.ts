/**
 * The process entry point (the Procfile runs `node dist/server.js`). Reads the environment once,
 * starts the worker, and on SIGTERM/SIGINT drains and exits 0.
 */
import { ConfigError, loadConfig } from "./config.js";
import { CronFileError } from "./cron/cron-file.js";
import { startWorker } from "./start.js";

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await startWorker(config);
  // SIGTERM: Beanstalk deploys and scale-in. SIGINT: Ctrl-C locally. Registered once, here.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.logger.info({ signal }, "stopping");
      void running.stop().then(() => {
        process.exitCode = 0;
      });
    });
  }
}

main().catch((error: unknown) => {
  // Errors that name what to fix are printed as they are; anything else with its stack.
  if (error instanceof ConfigError || error instanceof CronFileError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
