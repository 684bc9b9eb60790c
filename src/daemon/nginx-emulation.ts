/**
 * The optional "behind nginx" mode (docs/protocol.md §6 item 10). On Beanstalk, sqsd POSTs to
 * nginx on port 80, which proxies to the app; nginx, not the app, produces some of the answers
 * sqsd sees. Emulating it locally surfaces the real failure modes:
 *
 * - a body over `client_max_body_size` gets 413 from nginx, and never reaches the app;
 * - an app silent for `proxy_read_timeout` gets 504 (when that is shorter than InactivityTimeout);
 * - an app that is down, or drops the connection, gets 502;
 * - the app sees the headers nginx sets: `Connection: upgrade`, `X-Real-IP` and `X-Forwarded-For`
 *   (127.0.0.1), as in the sqsd 3.0.4 capture (docs/protocol.md §1.1, §1.3).
 *
 * The values come from this repository's `.platform/nginx/conf.d`, else nginx's defaults, as
 * src/eb/nginx.ts decides them for the doctor too; a value the doctor reports is refused here.
 */
import { effectiveNginxLimits, readNginxConfD } from "../eb/nginx.js";
import type { HttpPoster, PostResult } from "./http-poster.js";
import { ExplainedError } from "../errors.js";

export interface NginxEmulation {
  /** `proxy_read_timeout`. @default 60 */
  readTimeoutSeconds: number;
  /** `client_max_body_size`; 0 turns the check off, as in nginx. @default 1 MiB */
  maxBodyBytes: number;
}

/**
 * What EB's default `location /` sets for a request from sqsd on the same instance, in the
 * capture's order: `Connection $connection_upgrade` resolves to `upgrade`.
 */
export const NGINX_PROXY_HEADERS: Readonly<Record<string, string>> = {
  Connection: "upgrade",
  "X-Real-IP": "127.0.0.1",
  "X-Forwarded-For": "127.0.0.1",
};

/** nginx settings the emulation cannot use; the same values `npm run doctor` reports. */
export class NginxSettingsError extends ExplainedError {
  override name = "NginxSettingsError";
}

export async function loadNginxEmulation(confDir: string): Promise<NginxEmulation> {
  const { proxyReadTimeout, clientMaxBodySize } = effectiveNginxLimits(
    await readNginxConfD(confDir),
  );
  const problems = [proxyReadTimeout, clientMaxBodySize].flatMap(({ directive, problem }) =>
    directive && problem ? [`${directive.file}:${directive.line}: ${problem}`] : [],
  );
  if (problems.length > 0) {
    throw new NginxSettingsError(
      `Expected nginx settings the emulation can use (npm run doctor reports the same), got:\n${problems.map((problem) => `  ${problem}`).join("\n")}`,
    );
  }
  return { readTimeoutSeconds: proxyReadTimeout.value, maxBodyBytes: clientMaxBodySize.value };
}

/**
 * The idle timer the inner poster should use: whichever of nginx's and sqsd's fires first. The
 * wrapper below turns nginx's into a 504.
 */
export function idleTimeoutMs(nginx: NginxEmulation, inactivityTimeoutSeconds: number): number {
  return Math.min(nginx.readTimeoutSeconds, inactivityTimeoutSeconds) * 1000;
}

/** Answers what nginx would, for the outcomes nginx decides. */
export function behindNginx(
  poster: HttpPoster,
  nginx: NginxEmulation,
  inactivityTimeoutSeconds: number,
): HttpPoster {
  const nginxTimesOutFirst = nginx.readTimeoutSeconds <= inactivityTimeoutSeconds;
  const translate = (outcome: PostResult): PostResult => {
    if (outcome.kind === "status" || outcome.error === "ECANCELED") return outcome;
    const { seconds } = outcome;
    if (outcome.error === "ETIMEDOUT") {
      if (outcome.phase === "connect" || nginxTimesOutFirst)
        return { kind: "status", status: 504, seconds };
      return outcome;
    }
    return { kind: "status", status: 502, seconds };
  };
  return {
    urlFor: (path) => poster.urlFor(path),
    async post(path, body, headers) {
      if (nginx.maxBodyBytes !== 0 && Buffer.byteLength(body) > nginx.maxBodyBytes)
        return { kind: "status", status: 413, seconds: 0 };
      return translate(await poster.post(path, body, headers));
    },
    destroy: () => {
      poster.destroy();
    },
  };
}
