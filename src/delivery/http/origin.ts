/**
 * Who may talk to the worker. On Beanstalk only sqsd, through nginx on the same instance, should
 * ever reach the app, but anything that can reach the port can forge sqsd's headers
 * (docs/protocol.md §5.14). So: the TCP peer must be loopback, every X-Forwarded-For hop must be
 * loopback (nginx appends the real client), and unless disabled the User-Agent must be sqsd's.
 */
import { isIP } from "node:net";
import { SQSD_USER_AGENT_PREFIX } from "../../protocol/headers.js";
import { outcome, type Outcome } from "../outcomes.js";

export interface OriginRules {
  requireSqsdUserAgent: boolean;
}

export interface RequestOrigin {
  peer: string | undefined;
  forwardedFor: string | undefined;
  userAgent: string | undefined;
}

/** 127.0.0.0/8, ::1, and IPv4-mapped loopback (::ffff:127.x.x.x). */
export function isLoopback(address: string): boolean {
  const bare = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return isIP(address) === 6 && /^(?:0{0,4}:){2,7}0{0,3}1$|^::1$/.test(address);
}

/** The rule the request broke, or undefined when it may pass. */
export function checkOrigin(
  origin: RequestOrigin,
  rules: OriginRules,
  checkUserAgent = true,
): Outcome | undefined {
  if (origin.peer === undefined || !isLoopback(origin.peer)) {
    return outcome(
      "forbidden-peer",
      `Only loopback peers are served; this request came from ${origin.peer ?? "an unknown address"}`,
    );
  }
  if (origin.forwardedFor !== undefined) {
    const hops = origin.forwardedFor.split(",").map((hop) => hop.trim());
    const outsider = hops.find((hop) => !isLoopback(hop));
    if (outsider !== undefined) {
      return outcome(
        "forbidden-forwarded-for",
        `Only loopback clients are served through the proxy; X-Forwarded-For names ${outsider || "an empty hop"}`,
      );
    }
  }
  if (
    checkUserAgent &&
    rules.requireSqsdUserAgent &&
    !origin.userAgent?.startsWith(SQSD_USER_AGENT_PREFIX)
  ) {
    return outcome(
      "forbidden-user-agent",
      `Expected a User-Agent starting with "${SQSD_USER_AGENT_PREFIX}", got "${origin.userAgent ?? ""}" (set WORKER_REQUIRE_SQSD_USER_AGENT=false for local development)`,
    );
  }
  return undefined;
}
