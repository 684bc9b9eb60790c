/**
 * A file's text, or undefined when it does not exist; any other failure (a directory, no
 * permission) is thrown. For the files a project may or may not have: cron.yaml, the Procfile,
 * package.json, a module about to be scaffolded.
 */
import { readFile } from "node:fs/promises";

export async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
