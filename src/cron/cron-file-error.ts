import { ExplainedError } from "../errors.js";

/**
 * Everything wrong with a cron.yaml, found in one pass. Each problem is one line of the form
 * `<file>:<line>: <what was wrong>; expected <what was allowed>`, so an editor can jump to it.
 */
export class CronFileError extends ExplainedError {
  override name = "CronFileError";
  constructor(
    readonly fileName: string,
    readonly problems: readonly string[],
  ) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`${fileName} has ${count}:\n${problems.map((problem) => `  ${problem}`).join("\n")}`);
  }
}

/** Collects problems in the one format above while the file is read, and lists them by line. */
export class ProblemList {
  private readonly found: { line: number; message: string }[] = [];

  constructor(readonly fileName: string) {}

  add(line: number, what: string, expected: string): void {
    this.addMessage(line, `${what}; expected ${expected}`);
  }

  /** For a message that already says what was expected (a CronExpressionError's). */
  addMessage(line: number, message: string): void {
    this.found.push({ line, message: `${this.fileName}:${line}: ${message}` });
  }

  /** In line order; problems on the same line keep the order they were found in. */
  get problems(): string[] {
    return [...this.found].sort((a, b) => a.line - b.line).map((problem) => problem.message);
  }
}
