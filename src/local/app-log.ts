/**
 * How `npm run local` shows the app's log. The app writes JSON lines (as in production, where
 * Beanstalk ships them); here they are made readable with pino-pretty, one line each, coloured on
 * a terminal. pino-http's own line for a successful request is left out: the app's outcome line
 * says the same and more, so a job reads as one line. `--json` passes the lines through as they
 * are, unprefixed, for `npm run local -- --json | npx pino-pretty` or jq.
 */
import { prettyFactory } from "pino-pretty";

export interface AppLogOptions {
  mode: "pretty" | "json";
  /** Colour the level and keys (a terminal that supports it). */
  colour: boolean;
  write: (line: string) => void;
}

const PREFIX = "app  | ";
/** pino's numeric level for warn: a request line at warn or above is kept. */
const WARN = 40;

/** Returns the function each of the app's output lines goes through. */
export function appLogWriter(options: AppLogOptions): (line: string) => void {
  const { write } = options;
  if (options.mode === "json") return write;
  const pretty = prettyFactory({
    colorize: options.colour,
    translateTime: "SYS:HH:MM:ss.l",
    hideObject: true,
    messageFormat: formatMessage,
  });
  return (line) => {
    const record = parseRecord(line);
    if (record === undefined) {
      write(`${PREFIX}${line}`);
      return;
    }
    if (record.msg === "request completed" && Number(record.level) < WARN) return;
    write(`${PREFIX}${pretty(record).trimEnd()}`);
  };
}

/** Fields pino-pretty prints itself, or that say nothing locally. */
const SHOWN_ELSEWHERE = new Set(["level", "time", "msg", "pid", "hostname", "err"]);

/** `job outcome jobType=send-email outcome=ok …`, and an error's stack on the lines below. */
function formatMessage(record: Record<string, unknown>): string {
  const fields = Object.entries(record)
    .filter(([key, value]) => !SHOWN_ELSEWHERE.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const text = [typeof record.msg === "string" ? record.msg : "", ...fields].join(" ");
  const err = record.err as { stack?: unknown; message?: unknown } | undefined;
  const stack = typeof err?.stack === "string" ? err.stack : err?.message;
  return typeof stack === "string" ? `${text}\n    ${stack.replaceAll("\n", "\n    ")}` : text;
}

/** The app's JSON log line as an object, or undefined for any other line. */
export function parseRecord(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith("{")) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
