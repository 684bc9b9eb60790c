/**
 * The worker app's request path with its stages switched on or off one at a time, for the cost
 * breakdown (bench/stages.ts). Built from the app's own parts, composed as src/app.ts composes
 * them; a stage switched off is replaced by the cheapest stand-in that keeps the rest working
 * (a constant delivery, a constant body, a handler called directly).
 *
 * Options (one JSON argument): `{ off: string[], add: string[] }`: stages from STAGES switched
 * off, and EXTRAS switched on (what the app no longer runs, measured on top of it).
 */
import { resolveS3EventRules } from "../../src/s3-events/define-rule.js";
import { s3EventRules } from "../../src/s3-events/rules.js";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type RequestHandler } from "express";
import helmet from "helmet";
import { pino } from "pino";
import { pinoHttp } from "pino-http";
import { announceReady, childOptions, exitWithHarness } from "../lib/child.js";
import { loadConfig } from "../../src/config.js";
import { MemoryIdempotencyStore } from "../../src/idempotency/memory-store.js";
import { onceFor } from "../../src/idempotency/once.js";
import { KeptVerdicts } from "../../src/delivery/kept-verdicts.js";
import { deliver, type Work } from "../../src/delivery/deliver.js";
import { jobWork } from "../../src/delivery/job-work.js";
import { JobTracker } from "../../src/delivery/job-tracker.js";
import { outcome, statusOf, bodyOf, type Outcome } from "../../src/delivery/outcomes.js";
import { checkOrigin } from "../../src/delivery/http/origin.js";
import { logOutcome } from "../../src/delivery/http/log-outcome.js";
import { sendJson } from "../../src/delivery/http/send-json.js";
import { parseSqsdHeaders, type SqsdDelivery } from "../../src/protocol/headers.js";
import { createRegistry } from "../../src/modules/registry.js";
import { jobs as registeredJobs } from "../../src/jobs/index.js";
import { JobMetrics } from "../../src/metrics/job-metrics.js";
import { startMetricsWriter } from "../../src/metrics/metrics-writer.js";
import { registerDroppingSdk } from "../lib/otel-sdk.js";

export const STAGES = [
  "helmet-headers",
  "origin",
  "sqsd-headers",
  "body",
  "validation",
  "tracker",
  "log-line",
  "metrics",
] as const;
/** What the app ran before and no longer does, to measure it on top of today's path. */
/** "express-response": helmet's middleware and res.status().json(), as before. */
/** "otel-sdk": an OpenTelemetry SDK registered (spans recorded, then dropped), as a user may. */
export const EXTRAS = [
  "pino-http-binding",
  "pino-http-line",
  "express-response",
  "otel-sdk",
] as const;

exitWithHarness();
const { off, add = [] } = childOptions() as { off: string[]; add?: string[] };
const on = (stage: (typeof STAGES)[number]) => !off.includes(stage);
const extra = (name: (typeof EXTRAS)[number]) => add.includes(name);

const config = loadConfig({ WORKER_REQUIRE_SQSD_USER_AGENT: "true" });
const logger = pino({ level: "info", base: undefined }, pino.destination({ dest: 1, sync: true }));
const jobs = createRegistry("job type", registeredJobs, config.jobSettings);
const deps = {
  tracker: new JobTracker(config.maxConcurrentJobs),
  idempotency: new MemoryIdempotencyStore(config.completedIdsMax),
  deadLetter: undefined,
  verdicts: new KeptVerdicts(config.completedIdsMax),
  jobs,
  jobSettings: config.jobSettings,
  moduleClients: new Map(),
  defaultTimeoutMs: config.jobTimeoutSeconds * 1000,
  maxRetries: config.maxRetries,
  // The app's own rules, so the S3-notification check every job body gets is measured too.
  s3EventRules: resolveS3EventRules(s3EventRules, config.bucket, new Set(jobs.keys())),
};
// The metrics as the app keeps them: recorded by the outcome line, written every interval.
const metrics = on("metrics") ? new JobMetrics(jobs.keys(), []) : undefined;
if (metrics) startMetricsWriter(metrics, logger, config.metricsIntervalSeconds * 1000);
if (extra("otel-sdk")) registerDroppingSdk();
const CONSTANT_BODY = Buffer.from(JSON.stringify({ type: "noop", payload: {} }));
const now = new Date();
const CONSTANT_DELIVERY: SqsdDelivery = {
  messageId: "constant",
  receiveCount: 1,
  firstReceivedAt: now,
  sentAt: now,
  queue: "bench",
  senderId: undefined,
  path: "/",
  attributes: {},
  task: undefined,
};

const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.use((_req, res, next) => {
  (res.locals as { receivedAt?: number }).receivedAt = performance.now();
  next();
});
if (extra("express-response")) app.use(helmet());
if (extra("pino-http-binding")) {
  app.use(pinoHttp({ logger, autoLogging: false, quietReqLogger: true, quietResLogger: true }));
}
if (extra("pino-http-line")) {
  // The access line as the app wrote it before (src/delivery/http/request-log.ts at 0e207b7).
  app.use(
    pinoHttp({
      logger,
      quietReqLogger: true,
      customLogLevel: (_req, res) => (res.statusCode >= 500 ? "warn" : "info"),
      serializers: {
        req: (req: {
          id?: unknown;
          method?: string;
          url?: string;
          headers: Record<string, unknown>;
        }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          messageId: req.headers["x-aws-sqsd-msgid"],
          receiveCount: req.headers["x-aws-sqsd-receive-count"],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
}

function respond(req: express.Request, res: express.Response, result: Outcome): void {
  const locals = res.locals as { delivery?: SqsdDelivery; startedAt?: number; receivedAt: number };
  const status = statusOf(result);
  if (extra("express-response")) res.status(status).json(bodyOf(result));
  else if (on("helmet-headers")) sendJson(res, status, bodyOf(result));
  else {
    const body = JSON.stringify(bodyOf(result));
    res.writeHead(status, { "Content-Type": "application/json" }).end(body);
  }
  if (on("log-line")) {
    logOutcome(
      logger,
      {
        method: req.method,
        path: req.originalUrl,
        receivedAt: locals.receivedAt,
        delivery: locals.delivery,
        deliveryStartedAt: locals.startedAt ?? locals.receivedAt,
        name: "noop",
        result,
        status,
        error: result.error,
      },
      config.maxRetries,
      metrics,
    );
  }
}

if (on("origin")) {
  app.use((req, res, next) => {
    const refusal = checkOrigin(
      {
        peer: req.socket.remoteAddress,
        forwardedFor: req.headers["x-forwarded-for"] as string | undefined,
        userAgent: req.headers["user-agent"],
      },
      config,
      req.url !== "/health",
    );
    if (refusal) respond(req, res, refusal);
    else next();
  });
}

const readHeaders: RequestHandler = (req, res, next) => {
  const locals = res.locals as { delivery?: SqsdDelivery; startedAt?: number };
  if (on("sqsd-headers")) {
    const parsed = parseSqsdHeaders(req.headers);
    if (!parsed.ok) {
      respond(req, res, outcome("invalid-sqsd-headers", parsed.problems.join("; ")));
      return;
    }
    locals.delivery = parsed.delivery;
  } else {
    const messageId = req.headers["x-aws-sqsd-msgid"];
    locals.delivery = { ...CONSTANT_DELIVERY, messageId: String(messageId) };
  }
  locals.startedAt = performance.now();
  next();
};
const readBody: RequestHandler = on("body")
  ? express.raw({ type: () => true, limit: config.bodyLimitBytes })
  : (req, _res, next) => {
      req.resume();
      req.body = CONSTANT_BODY;
      next();
    };

app.get("/health", (_req, res) => {
  res.status(200).json({ status: "ok" });
});
app.post("/", readHeaders, readBody, async (req, res) => {
  const delivery = (res.locals as { delivery: SqsdDelivery }).delivery;
  const real = jobWork(req.body as Buffer, delivery, logger, deps);
  const work: Work = on("validation")
    ? real
    : {
        ...real,
        prepare: () => ({
          ok: true,
          name: "noop",
          timeoutMs: deps.defaultTimeoutMs,
          record: { key: `job#noop#message:${delivery.messageId}`, fingerprint: "" },
          run: () => Promise.resolve(),
        }),
      };
  if (on("tracker")) {
    const delivered = await deliver(work, deps);
    respond(req, res, delivered.outcome);
    return;
  }
  const prepared = work.prepare();
  if (prepared.ok === true) {
    await prepared.run(AbortSignal.abort(), onceFor(deps.idempotency, prepared.record.key));
  }
  respond(
    req,
    res,
    prepared.ok === true
      ? outcome("completed", "Completed")
      : prepared.ok === false
        ? prepared.failure
        : prepared.outcome,
  );
});

const server = createServer(app);
server.listen(0, "127.0.0.1", () => {
  announceReady({ port: (server.address() as AddressInfo).port });
});
