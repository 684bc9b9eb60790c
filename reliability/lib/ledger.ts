/**
 * How a scenario is counted. Each job has a unique id; its side effect (one line in the runs
 * file per successful run, written by the job itself) is what "ran" means. At the end:
 * - lost: sent, never ran, and not in the dead-letter queue;
 * - deadLetteredUnrun: in the dead-letter queue but never ran;
 * - duplicateRuns: jobs that ran more than once (extraRuns counts the runs beyond the first).
 */
import { existsSync, readFileSync } from "node:fs";

export interface Tally {
  messages: number;
  ran: number;
  lost: number;
  deadLetteredUnrun: number;
  /** In the dead-letter queue although they ran (no harm done, but they will be redriven). */
  deadLetteredAfterRunning: number;
  duplicateRuns: number;
  extraRuns: number;
  /** A few ids of each kind, to look up in the logs. */
  examples: { lost: string[]; deadLetteredUnrun: string[]; duplicated: string[] };
}

/** Runs per job id, from the runs file (`<id> <pid> <receive count>` per line). */
export function readRuns(runsFile: string): Map<string, number> {
  const runs = new Map<string, number>();
  if (!existsSync(runsFile)) return runs;
  for (const line of readFileSync(runsFile, "utf8").split("\n")) {
    const id = line.split(" ")[0];
    if (id) runs.set(id, (runs.get(id) ?? 0) + 1);
  }
  return runs;
}

/** Completed runs so far (lines in the runs file): what the kill scenarios watch. */
export function countRunLines(runsFile: string): number {
  if (!existsSync(runsFile)) return 0;
  const text = readFileSync(runsFile, "utf8");
  let lines = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}

export function tally(
  sentIds: readonly string[],
  runs: ReadonlyMap<string, number>,
  deadLetteredIds: readonly string[],
): Tally {
  const deadLettered = new Set(deadLetteredIds);
  const result: Tally = {
    messages: sentIds.length,
    ran: 0,
    lost: 0,
    deadLetteredUnrun: 0,
    deadLetteredAfterRunning: 0,
    duplicateRuns: 0,
    extraRuns: 0,
    examples: { lost: [], deadLetteredUnrun: [], duplicated: [] },
  };
  const remember = (list: string[], id: string): void => {
    if (list.length < 5) list.push(id);
  };
  for (const id of sentIds) {
    const count = runs.get(id) ?? 0;
    if (count > 0) result.ran += 1;
    if (count > 1) {
      result.duplicateRuns += 1;
      result.extraRuns += count - 1;
      remember(result.examples.duplicated, id);
    }
    if (count === 0 && deadLettered.has(id)) {
      result.deadLetteredUnrun += 1;
      remember(result.examples.deadLetteredUnrun, id);
    } else if (count === 0) {
      result.lost += 1;
      remember(result.examples.lost, id);
    } else if (deadLettered.has(id)) {
      result.deadLetteredAfterRunning += 1;
    }
  }
  return result;
}
