/**
 * While `npm run local` runs, it leaves the addresses of its queues in a small file, so the CLI
 * commands it prints (`npm run cli -- enqueue …`) need no flags. The file lives under
 * node_modules/.cache (never committed) and is removed when the local loop stops.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";

export interface LocalState {
  /** The embedded SQS endpoint, e.g. http://127.0.0.1:4566. */
  endpoint: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  /** The embedded S3's worker bucket (S3 is served on `endpoint` too); absent in older files. */
  bucket?: string;
  /** The worker app, e.g. http://127.0.0.1:8080. */
  appUrl: string;
  /** The process that wrote the file. */
  pid: number;
}

export function localStatePath(cwd: string): string {
  return join(cwd, "node_modules", ".cache", "sqs-worker", "local.json");
}

export async function writeLocalState(cwd: string, state: LocalState): Promise<void> {
  const path = localStatePath(cwd);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(state, null, 2)}\n`);
}

/** The state of a running local loop, or undefined when there is none. */
export async function readLocalState(cwd: string): Promise<LocalState | undefined> {
  let text: string;
  try {
    text = await readFile(localStatePath(cwd), "utf8");
  } catch {
    return undefined;
  }
  const state = JSON.parse(text) as Partial<LocalState>;
  if (typeof state.endpoint !== "string" || typeof state.queueUrl !== "string") return undefined;
  if (typeof state.pid === "number" && !isAlive(state.pid)) return undefined;
  return state as LocalState;
}

export async function removeLocalState(cwd: string): Promise<void> {
  await rm(localStatePath(cwd), { force: true });
}

/**
 * Writes the state unless another running loop's is there (a second `npm run local` on other
 * ports): that one stays, and its owner is returned so the caller can say so.
 */
export async function claimLocalState(
  cwd: string,
  state: LocalState,
): Promise<{ claimed: true } | { claimed: false; owner: LocalState }> {
  const owner = await readLocalState(cwd);
  if (owner) return { claimed: false, owner };
  await writeLocalState(cwd, state);
  return { claimed: true };
}

/** Removes the state only if it is this loop's (its SQS endpoint), never another loop's. */
export async function releaseLocalState(cwd: string, endpoint: string): Promise<void> {
  const current = await readLocalState(cwd);
  if (current?.endpoint === endpoint) await removeLocalState(cwd);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
