/**
 * The worker's routes, kept thin: read the sqsd headers and body, hand them to the delivery
 * pipeline, log the outcome, answer. Which status an outcome gets is decided in outcomes.ts.
 */
import express, { type Request, type RequestHandler, type Response, type Router } from "express";
import type { Config } from "../config.js";
import { deliver, type DeliveryDeps, type Work } from "../delivery/deliver.js";
import { jobWork, type JobWorkDeps } from "../delivery/job-work.js";
import { taskWork } from "../delivery/task-work.js";
import type { Logger } from "../logger.js";
import { outcome } from "../outcomes.js";
import { parseSqsdHeaders, SQSD_HEADER, type SqsdDelivery } from "../protocol/headers.js";
import { taskUrl, type TaskDefinition } from "../tasks/define-task.js";
import { logOutcome } from "./log-outcome.js";
import { checkOrigin } from "./origin.js";
import { sendOutcome } from "./respond.js";

export interface RouteDeps extends DeliveryDeps, JobWorkDeps {
  config: Config;
  tasks: ReadonlyMap<string, TaskDefinition>;
  logger: Logger;
}

/** Loopback only everywhere; the sqsd User-Agent everywhere but /health. */
export function originGuard(config: Config): RequestHandler {
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
    if (refusal) sendOutcome(res, refusal);
    else next();
  };
}

export function workerRoutes(deps: RouteDeps): Router {
  const router = express.Router();
  const readBody = express.raw({ type: () => true, limit: deps.config.bodyLimitBytes });

  router.get("/health", (_req, res) => {
    res.status(200).json({ status: "ok" });
  });

  router.post(deps.config.httpPath, readSqsdHeaders, readBody, async (req, res) => {
    const delivery = res.locals.delivery as SqsdDelivery;
    const log = req.log;
    await answer(res, log, deps, jobWork(bodyOf(req), delivery, log, deps));
  });

  for (const definition of deps.tasks.values()) {
    router.post(taskUrl(definition.name), readSqsdHeaders, readBody, async (req, res) => {
      const delivery = res.locals.delivery as SqsdDelivery;
      const { task } = delivery;
      if (task?.name !== definition.name) {
        sendOutcome(
          res,
          outcome(
            "invalid-sqsd-headers",
            `Expected ${SQSD_HEADER.taskName}: ${definition.name} with ${SQSD_HEADER.scheduledAt} on ${taskUrl(definition.name)}, got ${task ? `"${task.name}"` : "none"}`,
          ),
        );
        return;
      }
      const log = req.log;
      await answer(res, log, deps, taskWork(definition, task, delivery, log, deps));
    });
  }
  return router;
}

const readSqsdHeaders: RequestHandler = (req, res, next) => {
  const parsed = parseSqsdHeaders(req.headers);
  if (!parsed.ok) {
    sendOutcome(
      res,
      outcome("invalid-sqsd-headers", `Invalid sqsd headers: ${parsed.problems.join("; ")}`),
    );
    return;
  }
  res.locals.delivery = parsed.delivery;
  next();
};

async function answer(res: Response, log: Logger, deps: RouteDeps, work: Work): Promise<void> {
  const started = performance.now();
  const result = await deliver(work, deps);
  logOutcome(log, {
    delivery: work.delivery,
    name: work.name,
    result,
    durationMs: performance.now() - started,
    maxRetries: deps.config.maxRetries,
  });
  sendOutcome(res, result);
}

function bodyOf(req: Request): Buffer {
  // body-parser leaves the body undefined when the request has no body at all.
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}
