/**
 * The Procfile: Beanstalk starts the `web` process (which must come first) and restarts it when
 * it exits; each line is `name: command` (docs/protocol.md §4.1). The bundle requires one.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Deployment } from "./deployment.js";

export const PROCFILE = "Procfile";
/** Beanstalk's rule for a Procfile line (platforms-linux-extend). */
const PROCFILE_LINE = /^[A-Za-z0-9_-]+:\s*[^\s].*$/;

export async function checkProcfile(deployment: Deployment): Promise<string[]> {
  const text = await readFile(path.join(deployment.root, PROCFILE), "utf8").catch(
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    },
  );
  if (text === undefined) {
    return [
      `${PROCFILE}: file not found; expected one with "web: node dist/server.js" (npm run bundle requires it)`,
    ];
  }
  const problems: string[] = [];
  const lines = text
    .split("\n")
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== "");
  for (const { line, number } of lines) {
    if (!PROCFILE_LINE.test(line))
      problems.push(`${PROCFILE}:${number}: expected "name: command", got "${line}"`);
  }
  const first = lines[0];
  if (first === undefined || !first.line.startsWith("web:")) {
    problems.push(
      `${PROCFILE}:${first?.number ?? 1}: expected the web process first ("web: node dist/server.js"), got ${first ? `"${first.line}"` : "an empty file"}`,
    );
  }
  return problems;
}
