/**
 * The app mirrors two sqsd options it cannot read from the daemon: MaxRetries (to know the last
 * delivery, WORKER_MAX_RETRIES) and HttpPath (its job route, WORKER_HTTP_PATH). A mirror that
 * disagrees parks jobs too early or too late, or answers every job 404. The app's concurrency
 * limit must also admit every connection sqsd opens.
 */
import type { Deployment } from "./deployment.js";
import { comparable, describe, got, plain, text } from "./setting.js";

export function checkMirrors(deployment: Deployment): string[] {
  const problems: string[] = [];
  const { app, sqsd } = deployment;
  const maxRetries = { ...sqsd.MaxRetries, value: Number(sqsd.MaxRetries.value) };
  if (comparable(app.maxRetries, maxRetries) && app.maxRetries.value !== maxRetries.value) {
    problems.push(
      `${app.maxRetries.where}: expected WORKER_MAX_RETRIES to equal MaxRetries ${describe(maxRetries, plain)}, got ${got(app.maxRetries, plain)}. The app would mistake which delivery is the last one.`,
    );
  }
  const httpPath = { ...sqsd.HttpPath, value: String(sqsd.HttpPath.value) };
  if (comparable(app.httpPath, httpPath) && app.httpPath.value !== httpPath.value) {
    problems.push(
      `${app.httpPath.where}: expected WORKER_HTTP_PATH to equal HttpPath ${describe(httpPath, text)}, got ${got(app.httpPath, text)}. sqsd would POST every job to a path the app does not serve.`,
    );
  }
  // Not a mirror but a bound: sqsd opens up to HttpConnections requests at once.
  const connections = { ...sqsd.HttpConnections, value: Number(sqsd.HttpConnections.value) };
  const concurrent = app.maxConcurrentJobs;
  if (comparable(concurrent, connections) && concurrent.value < connections.value) {
    problems.push(
      `${concurrent.where}: expected WORKER_MAX_CONCURRENT_JOBS at least HttpConnections ${describe(connections, plain)}, got ${got(concurrent, plain)}. sqsd would send more jobs at once than the app takes, and each extra one would be answered 503 and retried.`,
    );
  }
  return problems;
}
