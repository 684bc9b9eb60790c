/**
 * `sqs-worker make job|task <name>`: writes a module and its test from a template and registers
 * it (and, for a task, schedules it in cron.yaml). Everything is checked and prepared before the
 * first write, so a refusal leaves the project as it was.
 */
import { access, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CronExpressionError, parseCronExpression } from "../cron/cron-expression.js";
import { JOB_ALARMS_FILE, jobAlarmBlock, taskAlarmBlock } from "../eb/alarm-blocks.js";
import { longestGapSeconds, taskAlarmWindow } from "../eb/alarm-window.js";
import { namePatternProblem } from "../modules/registry.js";
import { taskUrl } from "../protocol/scheduled-job.js";
import { addCronEntry, newCronFile } from "./cron-file-entry.js";
import { formatSource } from "./format-source.js";
import { readIfExists } from "../read-if-exists.js";
import { jobModule, jobTest, type ModuleNames } from "./job-template.js";
import { identifierFor } from "./names.js";
import { addToRegistry } from "./registry-file.js";
import { ScaffoldError } from "./scaffold-error.js";
import { taskModule, taskTest } from "./task-template.js";
import { utcCronFor } from "../schedules/utc-cron.js";
import { isTimeZone } from "../schedules/zone-clock.js";

export { ScaffoldError } from "./scaffold-error.js";

export interface ScaffoldRequest {
  /** The project root. */
  root: string;
  name: string;
}

/** Paths relative to the root, in the order they were written. */
export interface Scaffolded {
  created: string[];
  updated: string[];
}

interface Kind {
  label: "job type" | "periodic task";
  folder: "jobs" | "tasks";
  suffix: "Job" | "Task";
  module(names: ModuleNames): string;
  test(names: ModuleNames): string;
}

const JOB: Kind = {
  label: "job type",
  folder: "jobs",
  suffix: "Job",
  module: jobModule,
  test: jobTest,
};
const TASK: Kind = {
  label: "periodic task",
  folder: "tasks",
  suffix: "Task",
  module: taskModule,
  test: taskTest,
};

export async function scaffoldJob(request: ScaffoldRequest): Promise<Scaffolded> {
  const plan = await planModule(JOB, request);
  plan.push(...(await planAlarm(request.root, jobAlarmBlock(request.name))));
  return writePlan(request.root, plan);
}

/** `timeZone`: the schedule is local time there, declared in the module (docs/schedules.md). */
export async function scaffoldTask(
  request: ScaffoldRequest & { schedule: string; timeZone?: string | undefined },
): Promise<Scaffolded> {
  const { root, name, schedule, timeZone } = request;
  let gapSeconds: number;
  try {
    gapSeconds = longestGapSeconds(parseCronExpression(schedule));
  } catch (error) {
    if (!(error instanceof CronExpressionError)) throw error;
    throw new ScaffoldError(`Invalid --schedule "${schedule}": ${error.message}`, "refused");
  }
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new ScaffoldError(
      `Expected --time-zone to be an IANA time zone such as Europe/Berlin, got "${timeZone}"`,
      "refused",
    );
  }
  const declared = timeZone === undefined ? undefined : { schedule, timeZone };
  const kind: Kind = { ...TASK, module: (names) => taskModule(names, declared) };
  const plan = await planModule(kind, request);
  const cronFile = path.join(root, "cron.yaml");
  const cronText = await readIfExists(cronFile);
  const utcSchedule = declared ? utcCronFor(schedule, declared.timeZone) : schedule;
  const entry = { name, url: taskUrl(name), schedule: utcSchedule };
  const cron =
    cronText === undefined ? newCronFile(entry) : addCronEntry(cronText, entry, "cron.yaml");
  plan.push({
    file: "cron.yaml",
    text: await formatSource(cron, cronFile),
    create: cronText === undefined,
  });
  // A local-time schedule's runs move by an hour in UTC when the clocks change.
  const window = taskAlarmWindow(timeZone === undefined ? gapSeconds : gapSeconds + 3600);
  if (window) plan.push(...(await planAlarm(root, taskAlarmBlock(name, schedule, window))));
  return writePlan(root, plan);
}

/** The new alarm appended to the project's job alarms, unless it has opted out (no such file). */
async function planAlarm(root: string, block: string): Promise<PlannedFile[]> {
  const text = await readIfExists(path.join(root, JOB_ALARMS_FILE));
  if (text === undefined) return [];
  return [{ file: JOB_ALARMS_FILE, text: `${text.trimEnd()}\n\n${block}`, create: false }];
}

interface PlannedFile {
  /** Relative to the root. */
  file: string;
  text: string;
  create: boolean;
}

async function planModule(kind: Kind, { root, name }: ScaffoldRequest) {
  const malformed = namePatternProblem(kind.label, name);
  if (malformed !== undefined) throw new ScaffoldError(malformed, "refused");
  const moduleFile = `src/${kind.folder}/${name}.ts`;
  const testFile = `test/${kind.folder}/${name}.test.ts`;
  const registryFile = `src/${kind.folder}/index.ts`;
  const taken = await whyTaken(root, [moduleFile, testFile], kind.folder, name);
  if (taken !== undefined) {
    throw new ScaffoldError(
      `Expected a ${kind.label} name not taken yet, got "${name}" (${taken})`,
      "refused",
    );
  }
  const registryText = await readIfExists(path.join(root, registryFile));
  if (registryText === undefined) {
    throw new ScaffoldError(`Expected the registry ${registryFile} in ${root}, got no such file`);
  }
  const names = { name, identifier: identifierFor(name, kind.suffix, registryText) };
  const registry = addToRegistry(registryText, {
    fileName: registryFile,
    listName: kind.folder,
    identifier: names.identifier,
    moduleName: name,
  });
  const planned: PlannedFile[] = [
    { file: moduleFile, text: kind.module(names), create: true },
    { file: testFile, text: kind.test(names), create: true },
    { file: registryFile, text: registry, create: false },
  ];
  return Promise.all(
    planned.map(async (file) => ({
      ...file,
      text: await formatSource(file.text, path.join(root, file.file)),
    })),
  );
}

async function writePlan(root: string, plan: readonly PlannedFile[]): Promise<Scaffolded> {
  const done: Scaffolded = { created: [], updated: [] };
  for (const { file, text, create } of plan) {
    const full = path.join(root, file);
    await mkdir(path.dirname(full), { recursive: true });
    // "wx": a file that appeared since the check is not overwritten.
    await writeFile(full, text, create ? { flag: "wx" } : {});
    (create ? done.created : done.updated).push(file);
  }
  return done;
}

/** Why `name` cannot be used: a file it would write exists, or a module already declares it. */
async function whyTaken(
  root: string,
  files: readonly string[],
  folder: string,
  name: string,
): Promise<string | undefined> {
  for (const file of files) {
    if (await exists(path.join(root, file))) return `${file} exists`;
  }
  const declaredIn = await fileDeclaring(root, folder, name);
  return declaredIn === undefined ? undefined : `${declaredIn} declares it`;
}

/**
 * The module file in src/<folder>/ that declares `name: "<name>"`, if any: a module may be named
 * otherwise than its file. Read as text, so it checks the project at `root`, not this process's.
 */
async function fileDeclaring(
  root: string,
  folder: string,
  name: string,
): Promise<string | undefined> {
  const declaration = new RegExp(`\\bname:\\s*["']${name}["']`);
  const entries = await readdir(path.join(root, "src", folder)).catch(() => []);
  for (const entry of entries.filter((file) => file.endsWith(".ts")).sort()) {
    const file = `src/${folder}/${entry}`;
    if (declaration.test(await readFile(path.join(root, file), "utf8"))) return file;
  }
  return undefined;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
