/**
 * Finds a system program the way a user has it installed: the directories of `PATH` first, then
 * the places package managers put programs that `PATH` often leaves out (Homebrew's on Apple
 * silicon and Intel, and the `sbin` directories a non-root shell's `PATH` may lack: Debian's
 * nginx is /usr/sbin/nginx).
 */
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";

/** Searched after `PATH`, in this order. */
export const USUAL_DIRECTORIES: readonly string[] = [
  "/opt/homebrew/bin",
  "/opt/homebrew/sbin",
  "/usr/local/bin",
  "/usr/local/sbin",
  "/usr/sbin",
  "/usr/bin",
  "/sbin",
  "/bin",
];

export interface SearchPlaces {
  /** A `PATH` value (`:`-separated); empty entries, which would mean "the current directory", are ignored. */
  path: string | undefined;
  /** @default USUAL_DIRECTORIES */
  directories?: readonly string[];
}

/** The directories searched, in order, each once. */
export function searchDirectories(places: SearchPlaces): string[] {
  const fromPath = (places.path ?? "").split(path.delimiter).filter((entry) => entry !== "");
  return [...new Set([...fromPath, ...(places.directories ?? USUAL_DIRECTORIES)])];
}

/**
 * The absolute path of the first of `names` found as an executable file, trying each name in
 * every directory before the next name (so an alternative name is only a fallback); undefined
 * when none is installed.
 */
export async function findProgram(
  names: readonly string[],
  places: SearchPlaces,
): Promise<string | undefined> {
  const directories = searchDirectories(places);
  for (const name of names) {
    for (const directory of directories) {
      const candidate = path.join(directory, name);
      if (await isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false; // absent, or not executable by us: not this one
  }
}
