/**
 * Every response of the worker goes out here: the status from delivery/outcomes.ts, helmet's
 * headers and a small JSON body (send-json.ts), then the one log line of the request
 * (log-outcome.ts), so even a message refused before its handler (413, 404, a draining worker)
 * is logged, with the final attempt flagged.
 */
import type { Request, RequestHandler, Response } from "express";
import type { Logger } from "../../logger.js";
import { bodyOf, statusOf, type Outcome } from "../outcomes.js";
import type { SqsdDelivery } from "../../protocol/headers.js";
import { logOutcome } from "./log-outcome.js";
import type { DeliveryMetrics } from "../../metrics/job-metrics.js";
import { sendJson } from "./send-json.js";

/** What a request learned on the way, kept in `res.locals`. */
interface RequestLocals {
  receivedAt?: number;
  delivery?: SqsdDelivery;
  startedAt?: number;
}

/** `name`: the job type or task name, when the delivery step learned it. */
export type Respond = (req: Request, res: Response, result: Outcome, name?: string) => void;

/** `metrics`: counts each delivery's outcome too (src/metrics). @default none */
export function createResponder(
  log: Logger,
  maxRetries: number,
  metrics?: DeliveryMetrics,
): Respond {
  return (req, res, result, name) => {
    const status = statusOf(result);
    sendJson(res, status, bodyOf(result));
    logResponse(log, req, res, status, result, name, maxRetries, metrics);
  };
}

/** The first middleware: when the request arrived, for the response time in its log line. */
export const stampArrival: RequestHandler = (_req, res, next) => {
  (res.locals as RequestLocals).receivedAt = performance.now();
  next();
};

/** GET /health: 200 with helmet's headers, logged like any other request. */
export function healthCheck(log: Logger): RequestHandler {
  const healthy = { status: "ok" };
  return (req, res) => {
    sendJson(res, 200, healthy);
    logResponse(log, req, res, 200, undefined, undefined, 0);
  };
}

export function rememberDelivery(res: Response, delivery: SqsdDelivery): void {
  const locals = res.locals as RequestLocals;
  locals.delivery = delivery;
  locals.startedAt = performance.now();
}

function logResponse(
  log: Logger,
  req: Request,
  res: Response,
  status: number,
  result: Outcome | undefined,
  name: string | undefined,
  maxRetries: number,
  metrics?: DeliveryMetrics,
): void {
  const locals = res.locals as RequestLocals;
  const receivedAt = locals.receivedAt ?? performance.now();
  logOutcome(
    log,
    {
      method: req.method,
      path: req.originalUrl,
      receivedAt,
      delivery: locals.delivery,
      deliveryStartedAt: locals.startedAt ?? receivedAt,
      name,
      result,
      status,
      error: result?.error,
    },
    maxRetries,
    metrics,
  );
}
