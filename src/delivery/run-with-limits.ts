/**
 * Runs one handler under its time limit and the shutdown signal. The handler gets an AbortSignal
 * that fires at whichever comes first; the answer to sqsd does not wait for a handler that
 * ignores its signal, because sqsd would otherwise hold the connection until InactivityTimeout.
 * Such a handler is still running, though: `stopped` settles only when it really returns, so the
 * caller can keep counting it (its slot, its message id) until then, and record its late success.
 */
import { JobTimeoutError, ShutdownError, toError } from "../errors.js";

export type RunResult =
  | { status: "succeeded" }
  | { status: "failed"; error: Error }
  | { status: "timed-out"; error: JobTimeoutError }
  | { status: "shut-down"; error: ShutdownError };

export interface Run {
  /** Settles as soon as the handler returns, throws, or its signal fires. */
  result: Promise<RunResult>;
  /**
   * Settles (never rejects) when the handler's own promise does, which may be later: `true` when
   * the handler really succeeded, even after its time limit or the shutdown answered for it.
   */
  stopped: Promise<boolean>;
}

export function runWithLimits(
  work: (signal: AbortSignal) => Promise<void>,
  limits: { timeoutMs: number; shutdownSignal: AbortSignal },
): Run {
  const controller = new AbortController();
  const abort = (reason: Error) => {
    controller.abort(reason);
  };
  // The error is built only if the time limit is reached: an Error captures a stack trace,
  // which costs more than the rest of a no-op job.
  const timer = setTimeout(() => {
    abort(new JobTimeoutError(limits.timeoutMs));
  }, limits.timeoutMs);
  const onShutdown = () => {
    abort(new ShutdownError());
  };
  if (limits.shutdownSignal.aborted) onShutdown();
  limits.shutdownSignal.addEventListener("abort", onShutdown, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener("abort", () => {
      reject(controller.signal.reason as Error);
    });
  });
  // A handler that throws synchronously is a failed job, not a crash.
  const running = Promise.resolve().then(() => work(controller.signal));
  const stopped = running.then(
    () => true,
    () => false,
  );
  const result = classify(Promise.race([running, aborted]), controller.signal).finally(() => {
    clearTimeout(timer);
    limits.shutdownSignal.removeEventListener("abort", onShutdown);
  });
  return { result, stopped };
}

async function classify(race: Promise<void>, signal: AbortSignal): Promise<RunResult> {
  try {
    await race;
    return { status: "succeeded" };
  } catch (thrown) {
    // Whatever the handler threw after its signal fired, the signal's reason is the real cause.
    const reason: unknown = signal.aborted ? signal.reason : thrown;
    if (reason instanceof JobTimeoutError) return { status: "timed-out", error: reason };
    if (reason instanceof ShutdownError) return { status: "shut-down", error: reason };
    return { status: "failed", error: toError(reason) };
  }
}
