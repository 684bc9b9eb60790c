/**
 * The daemon's sense of time: the retention check and the cron scheduler read it, so tests can
 * hand in a @sinonjs/fake-timers clock (`createClock()`) without faking the whole process.
 */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (id) => {
    clearTimeout(id as NodeJS.Timeout);
  },
};
