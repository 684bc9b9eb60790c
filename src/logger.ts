import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/**
 * The root logger: JSON lines on stdout, which Beanstalk ships to /var/log/web-1.log.
 *
 * Written synchronously. pino's default stdout stream writes asynchronously, one 16 KiB chunk per
 * event-loop turn; under sustained load (two lines per job, thousands of jobs a second) lines are
 * produced faster than that, and the unwritten ones pile up in memory without bound. A
 * synchronous write costs a system call per line and pushes back on the app when the reader of
 * stdout is slow, instead of growing the heap.
 */
export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino(
    { level: config.logLevel, base: undefined },
    pino.destination({ dest: 1, sync: true }),
  );
}
