/**
 * The last middleware: whatever was thrown on the way (a body over the limit, a client that hung
 * up, a bug) becomes an Outcome like everything else, so the status is still decided in
 * outcomes.ts and no stack trace leaves the process.
 */
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "../logger.js";
import { outcome } from "../outcomes.js";
import { sendOutcome } from "./respond.js";

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  length?: number;
  message: string;
}

export function notFound(): RequestHandler {
  return (req, res) => {
    sendOutcome(res, outcome("not-found", `Nothing is served at ${req.method} ${req.path}`));
  };
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: BodyParserError, _req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    if (error.type === "entity.too.large") {
      sendOutcome(
        res,
        outcome(
          "body-too-large",
          `Expected a body of at most ${error.limit ?? "?"} bytes, got ${error.length ?? "more"}`,
        ),
      );
      return;
    }
    if (typeof error.status === "number" && error.status >= 400 && error.status < 500) {
      sendOutcome(
        res,
        outcome("unreadable-body", `Could not read the request body: ${error.message}`),
      );
      return;
    }
    log.error({ err: error }, "unexpected error");
    sendOutcome(res, outcome("internal-error", "Unexpected error in the worker; see its log"));
  };
}
