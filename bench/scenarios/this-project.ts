/**
 * This project's contenders: the daemon + worker app at HttpConnections 50 and 10, and the
 * same pair with the probe app for the latency scenario.
 *
 * The local daemon (src/daemon/) is not in this tree yet, so there are none: the results say
 * so, and the targets that need them read "not measured".
 */
import type { Contender } from "./contenders.js";

export const PROJECT_UNAVAILABLE_NOTE =
  "The local daemon is not in this tree yet: this project's end-to-end, latency, memory and CPU-per-job figures were not measured.";

export function projectContenders(): Contender[] {
  return [];
}

export function latencyContender(): Contender | undefined {
  return undefined;
}
