/**
 * Copies a set of deployment files into a temporary directory, so a test can break one of them
 * and run the doctor (or nginx) on the copy without touching the originals: by default the
 * fixture set (test/fixtures/deployment), whose values do not change when a project tunes its
 * own timeouts or adds tasks; or the repository's own files, for a test of this project.
 */
import { expect } from "chai";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file is test/deploy/support/project-copy.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** A fixed set of deployment files (a snapshot of the shipped ones, with a cron.yaml of its own). */
export const FIXTURE_DEPLOYMENT = path.join(REPO_ROOT, "test/fixtures/deployment");

/** The deployment files the doctor reads. */
const DEPLOYMENT_FILES = [".ebextensions", ".platform", "cron.yaml", "Procfile"];

export interface ProjectCopy {
  root: string;
  /** Replaces exactly one occurrence of `from` in `file` (relative to the copy's root). */
  replace(file: string, from: string, to: string): Promise<void>;
  /** The 1-based line of the first line of `file` containing `text`. */
  lineOf(file: string, text: string): Promise<number>;
  remove(): Promise<void>;
}

/** What a copy of the whole project leaves out: git, installed and generated files. */
const NOT_COPIED = new Set([".git", "node_modules", "dist", "coverage", "outbox", "bundle"]);

/**
 * Copies the whole project (sources, tests, deployment files, configuration), sharing this
 * checkout's node_modules through a symlink, so a test can change it as a user would and run the
 * project's own commands on the copy.
 */
export async function copyProject(): Promise<ProjectCopy> {
  const root = await mkdtemp(path.join(tmpdir(), "sqs-worker-project-"));
  await cp(REPO_ROOT, root, {
    recursive: true,
    filter: (source) => !NOT_COPIED.has(path.relative(REPO_ROOT, source).split(path.sep)[0] ?? ""),
  });
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  return projectCopy(root);
}

export async function copyDeploymentFiles(from = FIXTURE_DEPLOYMENT): Promise<ProjectCopy> {
  const root = await mkdtemp(path.join(tmpdir(), "sqs-worker-deploy-"));
  for (const file of DEPLOYMENT_FILES) {
    await cp(path.join(from, file), path.join(root, file), {
      recursive: true,
      force: true,
      errorOnExist: false,
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    });
  }
  return projectCopy(root);
}

function projectCopy(root: string): ProjectCopy {
  return {
    root,
    async replace(file, from, to) {
      const full = path.join(root, file);
      const text = await readFile(full, "utf8");
      expect(text.split(from).length, `expected exactly one "${from}" in ${file}`).to.equal(2);
      await writeFile(full, text.replace(from, to));
    },
    async lineOf(file, text) {
      const lines = (await readFile(path.join(root, file), "utf8")).split("\n");
      const index = lines.findIndex((line) => line.includes(text));
      expect(index, `expected a line containing "${text}" in ${file}`).to.not.equal(-1);
      return index + 1;
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}
