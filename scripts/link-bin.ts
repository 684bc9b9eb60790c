/**
 * `postbuild`: makes the built CLI runnable as `npx sqs-worker` in this checkout. tsc keeps the
 * shebang of src/cli/main.ts but writes files without the executable bit, and npm links a
 * package's "bin" into node_modules/.bin only for its dependencies, never for the package itself;
 * this does both, as `npm install` would for a dependency.
 */
import { chmod, mkdir, readFile, rm, symlink } from "node:fs/promises";
import { dirname, join, relative } from "node:path";

const manifest = JSON.parse(await readFile("package.json", "utf8")) as {
  bin: Record<string, string>;
};
for (const [name, target] of Object.entries(manifest.bin)) {
  await chmod(target, 0o755);
  const link = join("node_modules", ".bin", name);
  await mkdir(dirname(link), { recursive: true });
  await rm(link, { force: true });
  await symlink(relative(dirname(link), target), link);
}
