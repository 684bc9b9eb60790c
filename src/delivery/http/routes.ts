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
import { rememberDelivery, type Respond } from "./respond.js";
import { guardWithSignature } from "../verify-signature.js";

export interface RouteDeps extends DeliveryDeps, JobWorkDeps, TaskWorkDeps {
  config: Config;
  tasks: ReadonlyMap<string, TaskDefinition>;
  respond: Respond;
}

/** Loopback only everywhere; the sqsd User-Agent everywhere but /health. */
export function originGuard(config: Config, respond: Respond): RequestHandler {
  return (req, res, next) => {
    const refusal = checkOrigin(
      {
        peer: req.socket.remoteAddress,
        forwardedFor: req.get("x-forwarded-for"),
        userAgent: req.get("user-agent"),
      },
      config,
      req.path !== "/health",
    );
    if (refusal) respond(req, res, refusal);
    else next();
  };
}

export function workerRoutes(deps: RouteDeps): Router {
  const { respond } = deps;
  const router = express.Router();
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

  router.get("/health", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });

  router.post(deps.config.httpPath, readSqsdHeaders, readBody, async (req, res) => {
    const delivery = res.locals.delivery as SqsdDelivery;
    const body = bodyOf(req);
    const guarded = signed(jobWork(body, delivery, req.log, deps), body, "job");
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
    const work = taskWork(deps.tasks.get(name), task, delivery, req.log, deps);
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
