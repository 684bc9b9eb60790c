/**
 * A minimal project for the scaffolders, with its own job and task (not the ones this repository
 * ships): the registries and a commented cron.yaml, in a temporary folder.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const JOB_REGISTRY = `/** The job registry. */
import type { z } from "zod";
import { echo } from "./echo.js";

export const jobs = [echo] as const;

export type JobPayloads = {
  [Job in (typeof jobs)[number] as Job["name"]]: z.input<Job["payload"]>;
};
`;

export const TASK_REGISTRY = `import type { TaskDefinition } from "./define-task.js";
import { cleanup } from "./cleanup.js";

export const tasks: readonly TaskDefinition[] = [cleanup];
`;

export const CRON_YAML = `# Periodic tasks; schedules are UTC.
version: 1
cron:
  # Old uploads go at night.
  - name: cleanup
    url: /tasks/cleanup
    schedule: "30 2 * * *" # after the backup
`;

export interface FixtureProject {
  root: string;
  read(file: string): Promise<string>;
  write(file: string, text: string): Promise<void>;
  remove(): Promise<void>;
}

export async function fixtureProject(): Promise<FixtureProject> {
  const root = await mkdtemp(path.join(tmpdir(), "sqs-worker-make-"));
  const project: FixtureProject = {
    root,
    read: (file) => readFile(path.join(root, file), "utf8"),
    async write(file, text) {
      await mkdir(path.dirname(path.join(root, file)), { recursive: true });
      await writeFile(path.join(root, file), text);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  await project.write("src/jobs/index.ts", JOB_REGISTRY);
  await project.write("src/jobs/echo.ts", "export {};\n");
  await project.write("src/tasks/index.ts", TASK_REGISTRY);
  await project.write("cron.yaml", CRON_YAML);
  return project;
}
