/**
 * This project's contenders: the daemon + worker app at HttpConnections 50 (sqsd's default) and
 * 10, and the pair with the probe app for the latency scenario.
 */
import type { Contender } from "./contenders.js";
import { project } from "./project.js";

export function projectContenders(): Contender[] {
  return [project({ httpConnections: 50 }), project({ httpConnections: 10 })];
}

/** The daemon at its default HttpConnections, POSTing to the app with the probe job type. */
export function latencyContender(): Contender {
  return project({ httpConnections: 50, appEntry: "bench/processes/probe-app.ts" });
}
