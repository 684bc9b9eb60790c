/**
 * How many images are processed at once on this instance. Watermarking is CPU work: more images
 * at once than cores only adds memory (each holds its decoded pixels) without adding speed. So a
 * job waits for a slot before it downloads anything, and each image uses one libvips thread:
 * with N slots on N cores, N connections keep every core busy and a single image never competes
 * with its own threads (sharp's settings are made where it is loaded, load-sharp.ts).
 */
import { availableParallelism } from "node:os";
import { defineClient } from "../modules/clients.js";

export interface ImageSlots {
  /** Runs `work` once a slot is free; rejects with the signal's reason if it fires first. */
  run<T>(work: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

export function createImageSlots(slots: number): ImageSlots {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = (signal: AbortSignal): Promise<void> => {
    if (running < slots) {
      running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener("abort", abandon);
        running += 1;
        resolve();
      };
      const abandon = (): void => {
        waiting.splice(waiting.indexOf(grant), 1);
        reject(signal.reason as Error);
      };
      waiting.push(grant);
      signal.addEventListener("abort", abandon, { once: true });
    });
  };
  const release = (): void => {
    running -= 1;
    waiting.shift()?.();
  };
  return {
    async run(work, signal) {
      signal.throwIfAborted();
      await acquire(signal);
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

/** One set of slots per process, as many as the cores, shared by every job that uses sharp. */
export const imageSlotsClient = defineClient("image-slots", () =>
  createImageSlots(availableParallelism()),
);
