import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

export type { Logger };

/** The root logger: JSON lines on stdout, which Beanstalk ships to /var/log/web-1.log. */
export function createLogger(config: Pick<Config, "logLevel">): Logger {
  return pino({ level: config.logLevel, base: undefined });
}
