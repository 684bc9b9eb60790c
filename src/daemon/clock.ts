/**
 * The daemon's sense of time: the retention check and the cron scheduler read it. The shape is
 * the one of `globalThis` and of a @sinonjs/fake-timers `createClock()`, so tests can hand in a
 * fake clock without faking the whole process.
 */
export interface Clock {
  Date: { now(): number };
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: never): void;
}

export const systemClock: Clock = globalThis;
