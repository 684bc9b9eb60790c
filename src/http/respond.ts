import type { Response } from "express";
import { bodyOf, statusOf, type Outcome } from "../outcomes.js";

/** Every response of the worker goes out here: the status from outcomes.ts and a small JSON body. */
export function sendOutcome(res: Response, result: Outcome): void {
  res.locals.outcome = result;
  res.status(statusOf(result)).json(bodyOf(result));
}
