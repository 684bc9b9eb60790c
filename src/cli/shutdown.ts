/**
 * How the CLI stops on SIGINT/SIGTERM. The first signal aborts the command's signal and starts a
 * grace period; a command that is still running when it ends is cut short, and a second signal
 * cuts it short at once. A command that needs longer to stop cleanly (the daemon drains its POSTs
 * and flushes its deletes) declares its own grace period.
 */

/** Enough for a command that only has to close its SQS client. */
export const DEFAULT_GRACE_SECONDS = 10;

export interface Shutdown {
  /** Aborted by the first signal. */
  readonly signal: AbortSignal;
  /** Call on each SIGINT/SIGTERM. */
  onSignal(): void;
  /** How long the command may take to stop after the first signal. */
  setGraceSeconds(seconds: number): void;
}

export function createShutdown(forceExit: () => void): Shutdown {
  const controller = new AbortController();
  let graceSeconds = DEFAULT_GRACE_SECONDS;
  let timer: NodeJS.Timeout | undefined;
  const startTimer = (): void => {
    clearTimeout(timer);
    timer = setTimeout(forceExit, graceSeconds * 1000);
    timer.unref();
  };
  return {
    signal: controller.signal,
    onSignal() {
      if (controller.signal.aborted) {
        forceExit();
        return;
      }
      controller.abort();
      startTimer();
    },
    setGraceSeconds(seconds) {
      graceSeconds = seconds;
      // Declared after the first signal: the grace period counts from now.
      if (controller.signal.aborted) startTimer();
    },
  };
}
