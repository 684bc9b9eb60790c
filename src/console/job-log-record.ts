/**
 * The app's outcome line (src/delivery/http/log-outcome.ts), read back from its JSON log: one per
 * delivery, with the job type or task, the message id, the attempt, the outcome and the error.
 * Other lines (pino-http's, a health check's) are not deliveries and give undefined.
 */
import { parseRecord } from "../local/app-log.js";

export interface JobLogRecord {
  messageId: string;
  attempt: number;
  kind: "job" | "task";
  /** The job type or the task's name; "?" when the envelope could not be read. */
  name: string;
  /** The app's reason (src/delivery/outcomes.ts), e.g. `completed`, `parked`, `handler-failed`. */
  outcome: string;
  /** For `parked`: why. */
  parkedFor: string | undefined;
  status: number | undefined;
  durationMs: number | undefined;
  /** Epoch ms of the line. */
  time: number | undefined;
  /** What went wrong, in one line: the handler's error message or the app's sentence. */
  error: string | undefined;
}

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isFinite(value) ? value : undefined;

export function readJobLogRecord(line: string): JobLogRecord | undefined {
  const record = parseRecord(line);
  const messageId = str(record?.messageId);
  const outcome = str(record?.outcome);
  if (record === undefined || messageId === undefined || outcome === undefined) return undefined;
  const task = str(record.task);
  const status = num(record.status);
  return {
    messageId,
    attempt: num(record.receiveCount) ?? 1,
    kind: task === undefined ? "job" : "task",
    name: task ?? str(record.jobType) ?? "?",
    outcome,
    parkedFor: str(record.parkedFor),
    status,
    durationMs: num(record.durationMs),
    time: num(record.time),
    error: status === 200 && outcome !== "parked" ? undefined : errorOf(record),
  };
}

/** The handler's own error message when there is one, else the line's sentence after its label. */
function errorOf(record: Record<string, unknown>): string | undefined {
  const err = record.err;
  if (typeof err === "object" && err !== null && "message" in err) {
    const message = str(err.message);
    if (message !== undefined) return message;
  }
  const msg = str(record.msg);
  if (msg === undefined) return undefined;
  const colon = msg.indexOf(": ");
  return colon === -1 ? msg : msg.slice(colon + 2);
}
