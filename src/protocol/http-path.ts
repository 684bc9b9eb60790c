/**
 * sqsd's `HttpPath`, the path every message is POSTed to, and its mirror in the app,
 * `WORKER_HTTP_PATH`: one rule for both, so a path the daemon accepts is one the app serves.
 */

/** What a valid HttpPath is, as the "expected …" half of a problem. */
export const HTTP_PATH_RULE = "a path starting with /";

/** An absolute path with no whitespace, query or fragment. */
export function isHttpPath(value: string): boolean {
  return /^\/[^\s?#]*$/.test(value);
}
