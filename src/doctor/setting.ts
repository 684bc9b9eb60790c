/**
 * A setting the doctor compares, with where it came from: a file and line, or a default when no
 * deployment file sets it. Messages name the place to change.
 */

export interface Setting<T> {
  value: T;
  /** `file:line` when set in a file; otherwise the folder or file where it would be set. */
  where: string;
  /** Set when no file sets the value, e.g. "AWS default", "nginx default", "app default". */
  defaultSource?: string;
  /** The file sets a value that is already reported as invalid; comparisons skip it. */
  invalid?: boolean;
}

/** True when every setting holds a usable value, so comparing them means something. */
export function comparable(...settings: readonly Setting<unknown>[]): boolean {
  return settings.every((setting) => setting.invalid !== true);
}

/** `360 s (.platform/nginx/conf.d/worker-proxy.conf:11)` or `60 s (nginx default)`. */
export function describe<T>(setting: Setting<T>, format: (value: T) => string): string {
  return `${format(setting.value)} (${setting.defaultSource ?? setting.where})`;
}

/** The value as a message ends: `360 s`, or `60 s, the nginx default: set it explicitly`. */
export function got<T>(setting: Setting<T>, format: (value: T) => string): string {
  return setting.defaultSource === undefined
    ? format(setting.value)
    : `${format(setting.value)}, the ${setting.defaultSource} (not set)`;
}

export const seconds = (value: number): string => `${value} s`;
export const bytes = (value: number): string => `${value} bytes`;
export const text = (value: string): string => JSON.stringify(value);
export const plain = (value: number): string => String(value);
