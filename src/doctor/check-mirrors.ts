/**
 * The app mirrors two sqsd options it cannot read from the daemon: MaxRetries (to know the last
 * delivery, WORKER_MAX_RETRIES) and HttpPath (its job route, WORKER_HTTP_PATH). A mirror that
 * disagrees parks jobs too early or too late, or answers every job 404.
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
  return problems;
}
