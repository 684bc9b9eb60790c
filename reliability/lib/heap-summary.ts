/**
 * Where a process's heap goes: a V8 heap snapshot (the .heapsnapshot format Chrome DevTools
 * reads) summed by constructor or string kind, largest self size first. Self size only: enough to
 * tell strings and arrays of log lines from a map of ids, without computing retainers.
 */
import { readFileSync } from "node:fs";

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  name: string;
  count: number;
  selfMB: number;
}

export function summarizeHeapSnapshot(path: string, top = 10): HeapGroup[] {
  const parsed = JSON.parse(readFileSync(path, "utf8")) as Snapshot;
  const fields = parsed.snapshot.meta.node_fields;
  const types = parsed.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf("type");
  const nameAt = fields.indexOf("name");
  const sizeAt = fields.indexOf("self_size");
  const groups = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < parsed.nodes.length; i += width) {
    const type = types[parsed.nodes[i + typeAt] ?? 0] ?? "?";
    const name = parsed.strings[parsed.nodes[i + nameAt] ?? 0] ?? "?";
    // Strings are named by their text: group them by kind, not one group per text.
    const key = type === "object" || type === "closure" ? `${type} ${name}` : `(${type})`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += parsed.nodes[i + sizeAt] ?? 0;
    groups.set(key, group);
  }
  return [...groups.entries()]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .slice(0, top)
    .map(([name, { count, bytes }]) => ({ name, count, selfMB: Math.round(bytes / 1e5) / 10 }));
}
