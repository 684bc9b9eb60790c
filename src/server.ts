/**
 * The process entry point (the Procfile runs `node dist/server.js`). Reads the environment once,
 * starts the worker, and on SIGTERM/SIGINT drains and exits 0.
 */
import { loadConfig } from "./config.js";
import { ExplainedError } from "./errors.js";
import { startWorker } from "./start.js";

/** Past the drain deadline and the abort grace, whatever still holds the process open loses. */
const EXIT_MARGIN_MS = 5000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const running = await startWorker(config);
  // SIGTERM: Beanstalk deploys and scale-in. SIGINT: Ctrl-C locally. Registered once, here.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.logger.info({ signal }, "stopping");
      // Bounded: an open SMTP socket or a handler ignoring its signal must not keep an instance
      // from shutting down until Beanstalk kills it.
      setTimeout(
        () => {
          running.logger.error("shutdown took too long; exiting");
          process.exit(1);
        },
        config.shutdownDeadlineSeconds * 1000 + EXIT_MARGIN_MS,
      ).unref();
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          running.logger.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // Errors that name what to fix are printed as they are; anything else with its stack.
  if (error instanceof ExplainedError) console.error(error.message);
  else console.error(error);
  process.exitCode = 1;
});
