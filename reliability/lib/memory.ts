/**
 * The app's memory while a scenario runs: RSS from /proc every `intervalMs` (bench's
 * proc-stats), and the split V8 reports (heap, external, array buffers) from the app itself over
 * IPC (reliability/processes/worker-app.ts), to say where the memory goes.
 */
import type { Child } from "../../bench/lib/child.js";
import { memoryUse } from "../../bench/lib/proc-stats.js";

export interface MemorySample {
  atSeconds: number;
  rssMB: number;
  heapUsedMB?: number;
  heapTotalMB?: number;
  externalMB?: number;
  arrayBuffersMB?: number;
  /** Each V8 heap space (new_space, old_space, …): MB in use, and MB of memory it holds. */
  spacesMB?: Record<string, { used: number; committed: number }>;
}

export interface MemoryWatch {
  readonly samples: MemorySample[];
  stop(): Promise<MemorySample[]>;
}

const MB = 1e6;

/** `askSplit`: only the suite's worker app answers the IPC "memory" question. */
export function watchMemory(child: Child, intervalMs: number, askSplit = true): MemoryWatch {
  const samples: MemorySample[] = [];
  const startedAt = performance.now();
  let stopped = false;
  // A function, so the compiler does not narrow the flag across awaits.
  const isStopped = (): boolean => stopped;
  const loop = (async () => {
    // Bounded: an hour of samples at most, whatever the caller does.
    for (let i = 0; i < 3_600_000 / intervalMs && !isStopped(); i++) {
      if (child.process.exitCode !== null || child.process.signalCode !== null) return;
      let rssMB: number;
      try {
        rssMB = Math.round(memoryUse(child.pid).rssMB * 10) / 10;
      } catch {
        // The process is exiting (a zombie has no VmRSS): the samples so far are the record.
        return;
      }
      const sample: MemorySample = {
        atSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
        rssMB,
      };
      try {
        if (!askSplit) throw new Error("not asked");
        child.send({ kind: "memory" });
        const usage = await child.next("memory", 2000);
        sample.heapUsedMB = Math.round((Number(usage.heapUsed) / MB) * 10) / 10;
        sample.heapTotalMB = Math.round((Number(usage.heapTotal) / MB) * 10) / 10;
        sample.externalMB = Math.round((Number(usage.external) / MB) * 10) / 10;
        sample.arrayBuffersMB = Math.round((Number(usage.arrayBuffers) / MB) * 10) / 10;
        const toMB = (bytes: number): number => Math.round((bytes / MB) * 10) / 10;
        sample.spacesMB = Object.fromEntries(
          Object.entries(usage.spaces as Record<string, { used: number; committed: number }>).map(
            ([space, { used, committed }]) => [
              space,
              { used: toMB(used), committed: toMB(committed) },
            ],
          ),
        );
      } catch {
        // A busy or exiting app: the RSS figure still stands.
      }
      samples.push(sample);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    samples,
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** "92 → 140 → 151 MB"-style trace of RSS at a few points, for the report. */
export function rssTrace(samples: readonly MemorySample[], points = 8): string {
  if (samples.length === 0) return "no samples";
  const picked = Array.from(
    { length: Math.min(points, samples.length) },
    (_, i) =>
      samples[
        Math.round((i * (samples.length - 1)) / Math.max(1, Math.min(points, samples.length) - 1))
      ],
  );
  return (
    picked
      .map((sample) => `${Math.round(sample?.rssMB ?? 0)} (${sample?.atSeconds ?? 0} s)`)
      .join(" → ") + " MB"
  );
}
