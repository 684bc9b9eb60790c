/** What every scenario is given, and the common shape of an end-to-end scenario's result. */
import type { QueueServer } from "../../bench/lib/queue.js";
import type { Finished } from "../lib/instance.js";
import type { ScenarioResult } from "../report/results.js";
import type { ReliabilitySettings } from "../settings.js";

export interface ScenarioContext {
  settings: ReliabilitySettings;
  queue: QueueServer;
  /** A fresh directory for runs files; removed at the end of the run. */
  workDir: string;
  log: (line: string) => void;
}

/** The four counts and the common figures of a finished end-to-end scenario. */
export function countsOf(finished: Finished): Pick<
  ScenarioResult,
  "messages" | "lost" | "deadLetteredUnrun" | "duplicateRuns" | "crashes"
> & {
  figures: ScenarioResult["figures"];
  notes: string[];
} {
  const { tally } = finished;
  const notes = finished.crashes.map((why) => `crash: ${why.trim()}`);
  const examples = tally.examples;
  if (examples.lost.length > 0) notes.push(`lost, for example: ${examples.lost.join(", ")}`);
  if (examples.deadLetteredUnrun.length > 0)
    notes.push(`dead-lettered unrun, for example: ${examples.deadLetteredUnrun.join(", ")}`);
  if (examples.duplicated.length > 0)
    notes.push(`ran more than once, for example: ${examples.duplicated.join(", ")}`);
  if (finished.stillQueued > 0)
    notes.push(`${finished.stillQueued} message(s) still in the queue when the wait ended`);
  return {
    messages: tally.messages,
    lost: tally.lost,
    deadLetteredUnrun: tally.deadLetteredUnrun,
    duplicateRuns: tally.duplicateRuns,
    crashes: finished.crashes.length,
    figures: {
      ran: tally.ran,
      extraRuns: tally.extraRuns,
      deadLetteredAfterRunning: tally.deadLetteredAfterRunning,
      stillQueued: finished.stillQueued,
      seconds: round(finished.secondsToEmpty, 1),
      receives: finished.receives.total,
      jobsReceivedMoreThanOnce: finished.receives.redelivered,
      mostReceivesOfOneJob: finished.receives.max,
      "deliveries not answered 200 (daemon's retry path)": finished.failedDeliveries,
      "jobs received again after their delete was asked": finished.receivedAfterDelete,
    },
    notes,
  };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Job ids unique within the run: the scenario's label and a sequence number. */
export function jobIds(label: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${label}-${i}`);
}

/** Polls `condition` every `intervalMs` until it holds; false if `timeoutMs` passes first. */
export async function waitFor(
  condition: () => boolean,
  options: { intervalMs: number; timeoutMs: number },
): Promise<boolean> {
  const deadline = performance.now() + options.timeoutMs;
  while (performance.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return condition();
}
