/** `sqs-worker --version`: the version in package.json, two folders up from src/cli and dist/cli alike. */
import { readFileSync } from "node:fs";

export function packageVersion(): string {
  const manifest = JSON.parse(
    readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
  ) as { version?: unknown };
  return typeof manifest.version === "string" ? manifest.version : "unknown";
}
