/**
 * Every response of the worker goes out here: the status from delivery/outcomes.ts, a small JSON body,
 * and, whenever the request carried a readable sqsd delivery, the one outcome line per job,
 * so even a message refused before its handler (413, 404, a draining worker) is logged, with
 * the final attempt flagged.
 */
import type { Request, Response } from "express";
import { bodyOf, statusOf, type Outcome } from "../outcomes.js";
import type { SqsdDelivery } from "../../protocol/headers.js";
import { logOutcome } from "./log-outcome.js";

/** What a request learned about its delivery on the way, kept in `res.locals`. */
interface DeliveryLocals {
  delivery?: SqsdDelivery;
  startedAt?: number;
}

/** `name`: the job type or task name, when the delivery step learned it. */
export type Respond = (req: Request, res: Response, result: Outcome, name?: string) => void;

export function createResponder(maxRetries: number): Respond {
  return (req, res, result, name) => {
    const { delivery, startedAt } = res.locals as DeliveryLocals;
    if (delivery) {
      const durationMs = startedAt === undefined ? 0 : performance.now() - startedAt;
      logOutcome(req.log, { delivery, name, result, durationMs, maxRetries });
    }
    res.status(statusOf(result)).json(bodyOf(result));
  };
}

export function rememberDelivery(res: Response, delivery: SqsdDelivery): void {
  const locals = res.locals as DeliveryLocals;
  locals.delivery = delivery;
  locals.startedAt = performance.now();
}
