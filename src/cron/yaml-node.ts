/**
 * Small helpers over the `yaml` package's node tree, for messages: which line a node is on and
 * how to show a value that has the wrong type.
 */
import { isAlias, isMap, isScalar, isSeq, type LineCounter } from "yaml";

/** The 1-based line where `node` starts, or `fallback` when it has no position. */
export function lineOf(node: unknown, lineCounter: LineCounter, fallback = 1): number {
  const range = hasRange(node) ? node.range : undefined;
  return range ? lineCounter.linePos(range[0]).line : fallback;
}

/** How a node reads in a message: `"text"`, `42`, `true`, `empty`, `a list`, `a mapping`. */
export function describeNode(node: unknown): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return `an alias (*${node.source})`;
  const value: unknown = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return "empty";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return "a value of an unsupported type";
}

/** The text of a mapping key, for messages (keys are nearly always plain scalars). */
export function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : describeNode(key);
}

function hasRange(node: unknown): node is { range: [number, number, number] | null | undefined } {
  return typeof node === "object" && node !== null && "range" in node;
}
