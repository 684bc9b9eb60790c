/** Prefixes every line of a child's output, so the app's and the daemon's logs read apart. */
import type { Readable } from "node:stream";

export function prefixLines(stream: Readable, prefix: string, write: (line: string) => void): void {
  let partial = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim() !== "") write(`${prefix}${line}`);
  });
  stream.on("end", () => {
    if (partial.trim() !== "") write(`${prefix}${partial}`);
    partial = "";
  });
}
