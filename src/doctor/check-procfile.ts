/**
 * The Procfile: Beanstalk starts the `web` process (which must come first) and restarts it when
 * it exits; each line is `name: command` (docs/protocol.md §4.1). The bundle requires one.
 * `npm start` must run the same command, so the app runs on a laptop as it runs on Beanstalk
 * (its V8 flags included).
 */
import { readIfExists } from "../read-if-exists.js";
import path from "node:path";
import type { Deployment } from "./deployment.js";

export const PROCFILE = "Procfile";
/** Beanstalk's rule for a Procfile line (platforms-linux-extend). */
const PROCFILE_LINE = /^[A-Za-z0-9_-]+:\s*[^\s].*$/;

export async function checkProcfile(deployment: Deployment): Promise<string[]> {
  const text = await readIfExists(path.join(deployment.root, PROCFILE));
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
    return problems;
  }
  const web = first.line.slice("web:".length).trim();
  const start = await startScript(deployment.root);
  if (start !== undefined && start !== web) {
    problems.push(
      `package.json: expected the start script to be the Procfile's web command, "${web}", so npm start runs the app as Beanstalk does; got "${start}"`,
    );
  }
  return problems;
}

/** package.json's `start` script; undefined when there is no package.json or no such script. */
async function startScript(root: string): Promise<string | undefined> {
  const text = await readIfExists(path.join(root, "package.json"));
  if (text === undefined) return undefined;
  const manifest = JSON.parse(text) as { scripts?: Record<string, string> };
  return manifest.scripts?.start;
}
