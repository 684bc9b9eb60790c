/**
 * The Node.js flags of the Procfile's `web` line (`web: node <flags> dist/server.js`): the bench
 * starts the app with the same V8 settings production has.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./build.js";

export function procfileNodeFlags(): string[] {
  const text = readFileSync(join(REPO_ROOT, "Procfile"), "utf8");
  const web = text.split("\n").find((line) => line.startsWith("web:"));
  const words = web?.slice("web:".length).trim().split(/\s+/) ?? [];
  if (words[0] !== "node" || words.at(-1) !== "dist/server.js") {
    throw new Error(
      `Expected the Procfile's web line to be "node [flags] dist/server.js", got "${web ?? ""}"`,
    );
  }
  return words.slice(1, -1);
}
