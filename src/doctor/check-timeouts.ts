/**
 * The timeout chain (docs/protocol.md §2.2, §5.1): every job timeout < nginx proxy_read_timeout
 * ≤ sqsd InactivityTimeout < sqsd VisibilityTimeout. Each link must leave the one before it time
 * to finish; a broken link means a job still running while its message is retried.
 *
 * VisibilityTimeout also covers the wait in sqsd's local backlog (§1.4): with every connection
 * busy, a received message waits for one POST to end before its own starts, and its visibility
 * clock runs from the receive. So it must exceed twice the longest POST.
 *
 * A drain holds the deliveries that arrive during it until the process exits (job-tracker.ts):
 * up to WORKER_SHUTDOWN_DEADLINE_SECONDS plus what the drain adds. nginx and sqsd must not cut
 * those POSTs first, or the message is answered by a timeout instead of the app's 503.
 */
import type { Deployment } from "./deployment.js";
import { comparable, describe, got, seconds } from "./setting.js";
import { ABORT_GRACE_MS, HELD_ANSWER_FLUSH_MS } from "../delivery/job-tracker.js";

/** What a drain adds to the deadline before held deliveries are answered: the abort grace and the flush. */
const DRAIN_EXTRA_SECONDS = Math.ceil((ABORT_GRACE_MS + HELD_ANSWER_FLUSH_MS) / 1000);

/** A job type or periodic task with its own time limit, if it sets one. */
export interface TimedWork {
  kind: "job" | "periodic task";
  name: string;
  timeoutSeconds?: number | undefined;
}

export function checkTimeouts(deployment: Deployment, work: readonly TimedWork[]): string[] {
  const problems: string[] = [];
  const { app, nginx, sqsd } = deployment;
  const read = nginx.proxyReadTimeout;
  const inactivity = { ...sqsd.InactivityTimeout, value: Number(sqsd.InactivityTimeout.value) };
  const visibility = { ...sqsd.VisibilityTimeout, value: Number(sqsd.VisibilityTimeout.value) };

  for (const item of comparable(read, app.jobTimeoutSeconds) ? work : []) {
    const own = item.timeoutSeconds !== undefined;
    const timeout = item.timeoutSeconds ?? app.jobTimeoutSeconds.value;
    if (timeout < read.value) continue;
    const source = own
      ? "its timeoutSeconds"
      : `WORKER_JOB_TIMEOUT_SECONDS, ${app.jobTimeoutSeconds.defaultSource ?? app.jobTimeoutSeconds.where}`;
    problems.push(
      `${read.where}: expected proxy_read_timeout above the ${item.kind} "${item.name}" timeout of ${timeout} s (${source}), got ${got(read, seconds)}. nginx would answer 504 while the ${item.kind} still runs, and sqsd would retry it.`,
    );
  }
  if (comparable(read, inactivity) && read.value > inactivity.value) {
    problems.push(
      `${inactivity.where}: expected InactivityTimeout at least nginx proxy_read_timeout ${describe(read, seconds)}, got ${got(inactivity, seconds)}. sqsd would give up on a request nginx is still waiting for.`,
    );
  }
  const deadline = app.shutdownDeadlineSeconds;
  if (comparable(read, inactivity, deadline)) {
    const shortest = read.value <= inactivity.value ? read : inactivity;
    const name = shortest === read ? "nginx proxy_read_timeout" : "InactivityTimeout";
    const most = shortest.value - DRAIN_EXTRA_SECONDS;
    if (deadline.value > most) {
      problems.push(
        `${deadline.where}: expected WORKER_SHUTDOWN_DEADLINE_SECONDS at most ${seconds(most)}, ${name} ${describe(shortest, seconds)} less the ${seconds(DRAIN_EXTRA_SECONDS)} the drain adds, got ${got(deadline, seconds)}. A message held during the drain would be cut off by ${shortest === read ? "nginx" : "sqsd"} instead of answered 503 by the app.`,
      );
    }
  }
  if (comparable(inactivity, visibility) && inactivity.value >= visibility.value) {
    problems.push(
      `${visibility.where}: expected VisibilityTimeout above InactivityTimeout ${describe(inactivity, seconds)}, got ${got(visibility, seconds)}. The message would become visible and be delivered again while the first delivery is still running.`,
    );
  }
  if (
    comparable(read, inactivity, visibility) &&
    inactivity.value < visibility.value &&
    visibility.value <= 2 * Math.min(read.value, inactivity.value)
  ) {
    const byNginx = read.value <= inactivity.value;
    const longest = byNginx ? read : inactivity;
    const source = `${byNginx ? "nginx proxy_read_timeout" : "InactivityTimeout"}, ${longest.defaultSource ?? longest.where}`;
    problems.push(
      `${visibility.where}: expected VisibilityTimeout above ${seconds(2 * longest.value)}, twice the longest POST of ${seconds(longest.value)} (${source}), got ${got(visibility, seconds)}. A message sqsd holds in its local backlog waits for one POST before its own, and its visibility runs from the receive (docs/protocol.md §1.4): it would be delivered again while its first delivery runs.`,
    );
  }
  return problems;
}
