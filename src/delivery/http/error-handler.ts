/**
 * The last middleware: whatever was thrown on the way (a body over the limit, a client that hung
 * up, a bug) becomes an Outcome like everything else, so the status is still decided in
 * delivery/outcomes.ts and no stack trace leaves the process.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../../logger.js";
import { outcome } from "../outcomes.js";
import { parseSqsdHeaders } from "../../protocol/headers.js";
import { rememberDelivery, type Respond } from "./respond.js";

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
  message: string;
}

export function notFound(respond: Respond): RequestHandler {
  return (req, res) => {
    // A message POSTed to a wrong HttpPath is still a message: log it, final attempt included.
    const parsed = parseSqsdHeaders(req.headers);
    if (parsed.ok) rememberDelivery(res, parsed.delivery);
    respond(req, res, outcome("not-found", `Nothing is served at ${req.method} ${req.path}`));
  };
}

/**
 * OPTIONS is served nowhere. Without this, Express's router answers OPTIONS on any path it has a
 * route for with its own `200 text/plain` list of methods, not the JSON every response promises.
 */
export function noAutomaticOptions(respond: Respond): RequestHandler {
  const answer = notFound(respond);
  return (req, res, next) => {
    if (req.method === "OPTIONS") answer(req, res, next);
    else next();
  };
}

export function errorHandler(log: Logger, respond: Respond): ErrorRequestHandler {
  return (error: BodyParserError, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error.type === "entity.too.large") {
      respond(
        req,
        res,
        outcome(
          "body-too-large",
          `Expected a body of at most ${error.limit ?? "?"} bytes, got ${error.length ?? "more"}`,
        ),
      );
      return;
    }
    if (typeof error.status === "number" && error.status >= 400 && error.status < 500) {
      respond(
        req,
        res,
        outcome("unreadable-body", `Could not read the request body: ${error.message}`),
      );
      return;
    }
    log.error({ err: error }, "unexpected error");
    respond(req, res, outcome("internal-error", "Unexpected error in the worker; see its log"));
  };
}
