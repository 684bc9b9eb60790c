/**
 * SIGTERM (Beanstalk deploys, scale-in, systemd restarts) and SIGINT (Ctrl-C locally): drain and
 * exit 0, within a bound. Registered once per process, by server.ts.
 */
import type { RunningWorker } from "./start.js";

/** Past the drain deadline and the abort grace, whatever still holds the process open loses. */
const EXIT_MARGIN_MS = 5000;

export function stopOnSignals(running: RunningWorker, shutdownDeadlineSeconds: number): void {
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
        shutdownDeadlineSeconds * 1000 + EXIT_MARGIN_MS,
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
