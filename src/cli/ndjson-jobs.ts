/**
 * Reads `enqueue --file`: one job per line, `{"type": "<job type>", "payload": {...}}` with an
 * optional `"options"` (delaySeconds, groupId, deduplicationId, idempotencyKey, attributes).
 * Blank lines and lines starting with `#` are skipped. Every bad line is reported, with its number.
 */
import { CommandError } from "./command.js";

export interface JobLine {
  /** 1-based line number in the file. */
  line: number;
  type: string;
  payload: unknown;
  options: Record<string, unknown> | undefined;
}

export function parseJobLines(text: string, fileName: string): JobLine[] {
  const jobs: JobLine[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      problems.push(
        `${fileName}:${line}: expected JSON, got a parse error: ${(error as Error).message}`,
      );
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      problems.push(
        `${fileName}:${line}: expected an object {"type": …, "payload": …}, got ${JSON.stringify(value)}`,
      );
      return;
    }
    const record = value as Record<string, unknown>;
    if (typeof record.type !== "string" || !("payload" in record)) {
      problems.push(
        `${fileName}:${line}: expected a string "type" and a "payload", got keys ${Object.keys(record).join(", ") || "none"}`,
      );
      return;
    }
    const options = record.options;
    if (
      options !== undefined &&
      (typeof options !== "object" || options === null || Array.isArray(options))
    ) {
      problems.push(
        `${fileName}:${line}: expected "options" to be an object, got ${JSON.stringify(options)}`,
      );
      return;
    }
    jobs.push({
      line,
      type: record.type,
      payload: record.payload,
      options: options as Record<string, unknown> | undefined,
    });
  });
  if (problems.length > 0) {
    throw new CommandError(
      `${problems.length} bad line(s) in ${fileName}, nothing was sent:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return jobs;
}
