/**
 * Builds the Elastic Beanstalk source bundle, `bundle/sqs-worker.zip`, which `eb deploy` uploads
 * (deploy.artifact in .elasticbeanstalk/config.yml). It holds everything an instance needs and
 * nothing it would have to build: the compiled JavaScript (dist/ is gitignored, so a bundle made
 * from git would lack it), package.json and the lock file (Beanstalk installs production
 * dependencies only), Procfile, cron.yaml, .ebextensions and .platform.
 *
 * Usage: `npm run bundle` (cleans dist/, runs `npm run build`, then writes the zip).
 */
import { spawnSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createZip, type ZipEntry } from "./zip.js";

export const BUNDLE_FILE = "bundle/sqs-worker.zip";

/** Files the instance cannot start without. */
const REQUIRED_FILES = ["Procfile", "package.json", "package-lock.json", "dist/server.js"];
/** Copied when present: without tasks there is no cron.yaml. */
const OPTIONAL_FILES = ["cron.yaml"];
/** Copied whole. */
const DIRECTORIES = [".ebextensions", ".platform"];

/** Lists the bundle's entries, paths relative to `root`, in a stable order. */
export async function collectBundleEntries(root: string): Promise<ZipEntry[]> {
  const missing: string[] = [];
  const names: string[] = [];
  for (const file of REQUIRED_FILES) {
    if (await isFile(path.join(root, file))) names.push(file);
    else missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(
      `Cannot build the bundle: expected ${missing.join(", ")} in ${root} (run npm run build first for dist/)`,
    );
  }
  for (const file of OPTIONAL_FILES) if (await isFile(path.join(root, file))) names.push(file);
  // Compiled JavaScript only: source maps and declarations point at src/, which is not shipped.
  names.push(
    ...(await listFiles(root, "dist")).filter(
      (file) => file.endsWith(".js") && file !== "dist/server.js",
    ),
  );
  for (const directory of DIRECTORIES) names.push(...(await listFiles(root, directory)));

  const entries: ZipEntry[] = [];
  for (const name of [...new Set(names)].sort()) {
    const file = path.join(root, name);
    entries.push({ name, data: await readFile(file), mode: (await stat(file)).mode & 0o777 });
  }
  return entries;
}

/** Writes the zip of `root`'s bundle entries to `outFile` and returns the entry names. */
export async function writeBundle(
  root: string,
  outFile = path.join(root, BUNDLE_FILE),
): Promise<string[]> {
  const entries = await collectBundleEntries(root);
  await mkdir(path.dirname(outFile), { recursive: true });
  await writeFile(outFile, createZip(entries));
  return entries.map((entry) => entry.name);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Every file under `root/directory`, as paths relative to root with forward slashes. */
async function listFiles(root: string, directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(root, directory), { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    );
}

async function main(): Promise<void> {
  const root = process.cwd();
  // A clean build: a module deleted from src/ must not linger in dist/ and ship.
  await rm(path.join(root, "dist"), { recursive: true, force: true });
  const build = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0)
    throw new Error(`npm run build failed with exit code ${build.status ?? "null"}`);
  const names = await writeBundle(root);
  console.log(`Wrote ${BUNDLE_FILE} (${names.length} files)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
