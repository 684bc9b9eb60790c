/**
 * sqsd's `HttpPath`, the path every message is POSTed to, and its mirror in the app,
 * `WORKER_HTTP_PATH`: one rule for both, so a path the daemon accepts is one the app serves.
 *
 * The path must be literal: Express reads a route as a pattern, so `/worker(1)` would crash the
 * app at start-up with a raw TypeError and `/jobs/:id` would accept any `/jobs/x`. Only characters
 * that are literal both in a URL and in Express 5's path syntax are allowed.
 */

/** What a valid HttpPath is, as the "expected …" half of a problem. */
export const HTTP_PATH_RULE =
  'a literal path starting with / made of letters, digits, "-", ".", "_", "~" and "/"';

const LITERAL_PATH = /^\/[A-Za-z0-9\-._~/]*$/;

export function isHttpPath(value: string): boolean {
  return LITERAL_PATH.test(value);
}
