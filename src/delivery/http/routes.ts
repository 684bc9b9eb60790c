/**
 * The worker's routes, kept thin: read the sqsd headers and body, hand them to the delivery
 * pipeline, answer. Which status an outcome gets is decided in delivery/outcomes.ts.
 */
import express, { type Request, type RequestHandler, type Router } from "express";
import type { Config } from "../../config.js";
import { deliver, type DeliveryDeps } from "../deliver.js";
import { jobWork, type JobWorkDeps } from "../job-work.js";
import { taskWork, type TaskWorkDeps } from "../task-work.js";
import { outcome } from "../outcomes.js";
import { parseSqsdHeaders, SQSD_HEADER, type SqsdDelivery } from "../../protocol/headers.js";
import { taskUrl } from "../../protocol/scheduled-job.js";
import type { TaskDefinition } from "../../tasks/define-task.js";
import { checkOrigin } from "./origin.js";
import { healthCheck, rememberDelivery, type Respond } from "./respond.js";
import { guardWithSignature } from "../verify-signature.js";
import type { Logger } from "../../logger.js";

const HEALTH_PATH = "/health";
const HEALTH_QUERY = `${HEALTH_PATH}?`;

export interface RouteDeps extends DeliveryDeps, JobWorkDeps, TaskWorkDeps {
  config: Config;
  /** Handed to handlers (as a child with the job's type and message id) and the log line. */
  log: Logger;
  tasks: ReadonlyMap<string, TaskDefinition>;
  respond: Respond;
}

/** Loopback only everywhere; the sqsd User-Agent everywhere but /health. */
export function originGuard(config: Config, respond: Respond): RequestHandler {
  return (req, res, next) => {
    const { headers } = req;
    const refusal = checkOrigin(
      {
        peer: req.socket.remoteAddress,
        forwardedFor: oneValue(headers["x-forwarded-for"]),
        userAgent: headers["user-agent"],
      },
      config,
      !isHealthUrl(req.url),
    );
    if (refusal) respond(req, res, refusal);
    else next();
  };
}

/** `req.path === "/health"` without parsing the url on every request. */
function isHealthUrl(url: string): boolean {
  return url === HEALTH_PATH || url.startsWith(HEALTH_QUERY);
}

/** A header's value as `req.get()` gives it, without `req.get()`'s lower-casing of the name. */
function oneValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(", ") : value;
}

export function workerRoutes(deps: RouteDeps): Router {
  const { respond } = deps;
  // Strict: sqsd POSTs to exactly HttpPath, so `//` or `/worker/` is not a delivery (Express
  // would otherwise let a trailing slash match).
  const router = express.Router({ strict: true });
  const readBody = express.raw({ type: () => true, limit: deps.config.bodyLimitBytes });
  const signed = guardWithSignature(deps.config);

  const readSqsdHeaders: RequestHandler = (req, res, next) => {
    const parsed = parseSqsdHeaders(req.headers);
    if (!parsed.ok) {
      const problems = parsed.problems.join("; ");
      respond(req, res, outcome("invalid-sqsd-headers", `Invalid sqsd headers: ${problems}`));
      return;
    }
    rememberDelivery(res, parsed.delivery);
    next();
  };

  router.get(HEALTH_PATH, healthCheck(deps.log));

  router.post(deps.config.httpPath, readSqsdHeaders, readBody, async (req, res) => {
    const delivery = res.locals.delivery as SqsdDelivery;
    const body = bodyOf(req);
    const guarded = signed(jobWork(body, delivery, deps.log, deps), body, "job");
    if ("refused" in guarded) {
      respond(req, res, guarded.refused);
      return;
    }
    const delivered = await deliver(guarded.work, deps);
    respond(req, res, delivered.outcome, delivered.name);
  });

  // One route for every task url: a task removed in a deploy (or not yet deployed) still gets a
  // scheduled-job message from the leader, and is parked as unknown-task instead of a 404 retried
  // MaxRetries times.
  router.post(taskUrl(":name"), readSqsdHeaders, readBody, async (req, res) => {
    const name = String(req.params.name);
    const delivery = res.locals.delivery as SqsdDelivery;
    const { task } = delivery;
    if (task?.name !== name) {
      const got = task ? `"${task.name}"` : "none";
      const expected = `${SQSD_HEADER.taskName}: ${name} with ${SQSD_HEADER.scheduledAt} on ${taskUrl(name)}`;
      respond(req, res, outcome("invalid-sqsd-headers", `Expected ${expected}, got ${got}`));
      return;
    }
    const work = taskWork(deps.tasks.get(name), task, delivery, deps.log, deps);
    const guarded = signed(work, bodyOf(req), "task");
    if ("refused" in guarded) {
      respond(req, res, guarded.refused, name);
      return;
    }
    const delivered = await deliver(guarded.work, deps);
    respond(req, res, delivered.outcome, delivered.name);
  });
  return router;
}

function bodyOf(req: Request): Buffer {
  // body-parser leaves the body undefined when the request has no body at all.
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
