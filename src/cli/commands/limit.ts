import { UsageError } from "../command.js";

/** `--limit`: a whole number from 1 to 10000. */
export function parseLimit(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 10000) {
    throw new UsageError(`Expected --limit to be a whole number from 1 to 10000, got "${text}"`);
  }
  return value;
}
