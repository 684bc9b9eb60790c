/** What `npm run reliability` writes to reliability/results/latest.json, and the targets. */
import type { Machine } from "../../bench/lib/machine.js";

export type Figure = number | string | boolean;

export interface ScenarioResult {
  /** A short id, e.g. "kill-app". */
  scenario: string;
  title: string;
  /** Jobs (or, for the request fuzz, requests) the scenario sent. */
  messages: number;
  lost: number;
  deadLetteredUnrun: number;
  duplicateRuns: number;
  /** Exits of the app or the daemon that the harness did not cause. */
  crashes: number;
  /** Why duplicate runs cannot be avoided here; unset where the target is 0. */
  duplicatesUnavoidableBecause?: string;
  /** The scenario's own figures, by name. */
  figures: Record<string, Figure>;
  /** Extra targets of this scenario (the fuzz's RSS and answers). */
  extraTargets?: Target[];
  /** What the run saw that the figures do not say: crash causes, example ids. */
  notes: string[];
  /** The settings it ran with, in words. */
  setup: string;
}

export interface Target {
  name: string;
  wanted: string;
  measured: string;
  met: boolean;
}

export interface ReliabilityResults {
  mode: "quick" | "full";
  date: string;
  durationSeconds: number;
  machine: Machine;
  versions: Record<string, string>;
  scenarios: ScenarioResult[];
}

/** The targets of one scenario: the four common ones, then its own. */
export function targetsOf(result: ScenarioResult): Target[] {
  const zero = (name: string, value: number): Target => ({
    name,
    wanted: "0",
    measured: String(value),
    met: value === 0,
  });
  const duplicates: Target = result.duplicatesUnavoidableBecause
    ? {
        name: "duplicate runs",
        wanted: "reported (a kill makes some unavoidable)",
        measured: String(result.duplicateRuns),
        met: true,
      }
    : zero("duplicate runs", result.duplicateRuns);
  return [
    zero("lost", result.lost),
    zero("dead-lettered unrun", result.deadLetteredUnrun),
    duplicates,
    zero("crashes", result.crashes),
    ...(result.extraTargets ?? []),
  ];
}

export function allTargetsMet(result: ScenarioResult): boolean {
  return targetsOf(result).every((target) => target.met);
}
