/**
 * The outbox: with no SMTP server configured, each email is written as an .eml file (open it in
 * any mail client). A redelivered job overwrites its own file instead of adding a second one.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

export async function writeToOutbox(
  outboxDir: string,
  fileName: string,
  content: Buffer,
  signal?: AbortSignal,
): Promise<string> {
  await mkdir(outboxDir, { recursive: true });
  const path = join(outboxDir, fileName);
  // Write aside, then rename: a crash mid-write never leaves half an email under the real name.
  const partial = `${path}.${randomUUID()}.partial`;
  try {
    await writeFile(partial, content, { signal });
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return path;
}
