/**
 * What keeps the console to the developer who started it. It listens on loopback only, yet any
 * web page the developer visits can make the browser send requests to a loopback port:
 * - a page on another site can POST (a "simple" cross-site request needs no preflight), so every
 *   action needs the Origin header of the console itself and the session's token, which only the
 *   console's own page holds (embedded in it; another origin cannot read the page) and sends as
 *   the `X-Console-Token` header, which a cross-site form or image cannot set;
 * - a site whose name is made to resolve to 127.0.0.1 (DNS rebinding) is same-origin with
 *   itself, not with the console, so every request, reads too, needs the console's own Host.
 * Refusals are 403 (421 for a foreign Host) with a sentence saying which rule was broken.
 */
import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

/** The header that carries the session's token. */
export const TOKEN_HEADER = "x-console-token";

export interface GuardOptions {
  token: string;
  /** `127.0.0.1:<port>` and `localhost:<port>`; read per request (the port is known once listening). */
  hosts: () => readonly string[];
}

function refuse(response: Response, status: number, message: string): void {
  response.status(status).json({ error: message });
}

/** Every request: the Host must be the console's own. */
export function hostGuard(options: GuardOptions) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const host = request.headers.host ?? "";
    const hosts = options.hosts();
    if (hosts.includes(host)) {
      next();
      return;
    }
    refuse(
      response,
      421,
      `Expected the Host header to be ${hosts.join(" or ")} (the console answers only to its loopback address), got "${host}"`,
    );
  };
}

/** Every action: the console's own Origin and the session's token. */
export function actionGuard(options: GuardOptions) {
  const expected = Buffer.from(options.token);
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.headers.origin;
    const origins = options.hosts().map((host) => `http://${host}`);
    if (origin === undefined || !origins.includes(origin)) {
      refuse(
        response,
        403,
        `Expected the Origin header to be ${origins.join(" or ")} (actions come from the console's own page), got ${origin === undefined ? "none" : `"${origin}"`}`,
      );
      return;
    }
    const token = Buffer.from(request.get(TOKEN_HEADER) ?? "");
    if (token.length !== expected.length || !timingSafeEqual(token, expected)) {
      refuse(
        response,
        403,
        `Expected the ${TOKEN_HEADER} header to hold this session's token (it is in the console's page), got ${token.length === 0 ? "none" : "another value"}`,
      );
      return;
    }
    if (!request.is("application/json")) {
      refuse(
        response,
        415,
        `Expected Content-Type application/json, got "${request.headers["content-type"] ?? ""}"`,
      );
      return;
    }
    next();
  };
}
