/**
 * The console's HTTP surface, built without listening (src/console/console.ts listens):
 *   GET  /                 the page, with the session's token
 *   GET  /console.js, /console.css
 *   GET  /api/state        the state as JSON
 *   GET  /api/events       the state again after every change (server-sent events)
 *   POST /api/jobs                      {type, payload}  enqueue a job
 *   POST /api/dead-letters/redrive      {ids: [] | [id]} redrive all or one
 *   POST /api/tasks/:name/run           {}               run a periodic task now
 * Every request must name the console's own Host; every POST also its Origin and the token
 * (src/console/request-guards.ts).
 */
import { readFileSync } from "node:fs";
import express, { type NextFunction, type Request, type Response } from "express";
import helmet from "helmet";
import { ConsoleActionError, type ConsoleActions } from "./console-actions.js";
import { actionGuard, hostGuard, type GuardOptions } from "./request-guards.js";

export interface ConsoleAppOptions {
  guard: GuardOptions;
  /** The page's HTML (src/console/page.ts). */
  page: string;
  /** The current state, as JSON. */
  state: () => Promise<string>;
  /** Calls `listener` with the state after each change; returns the function that stops it. */
  subscribe: (listener: (state: string) => void) => () => void;
  actions: ConsoleActions;
}

const asset = (name: string): string =>
  readFileSync(new URL(`./assets/${name}`, import.meta.url), "utf8");

/** Only this page's own script, style and connections; no inline script, no framing. */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
};

export function createConsoleApp(options: ConsoleAppOptions): express.Express {
  const { actions } = options;
  const script = asset("console.js");
  const style = asset("console.css");
  const app = express();
  app.disable("x-powered-by");
  app.use(hostGuard(options.guard));
  app.use(
    helmet({ contentSecurityPolicy: CONTENT_SECURITY_POLICY, strictTransportSecurity: false }),
  );
  app.use((_request, response, next) => {
    response.set("Cache-Control", "no-store");
    next();
  });

  app.get("/", (_request, response) => {
    response.type("html").send(options.page);
  });
  app.get("/console.js", (_request, response) => {
    response.type("text/javascript").send(script);
  });
  app.get("/console.css", (_request, response) => {
    response.type("text/css").send(style);
  });
  app.get("/api/state", async (_request, response) => {
    response.type("json").send(await options.state());
  });
  app.get("/api/events", async (request, response) => {
    response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-store" });
    const send = (state: string): void => {
      response.write(`event: state\ndata: ${state}\n\n`);
    };
    const unsubscribe = options.subscribe(send);
    request.on("close", unsubscribe);
    send(await options.state());
  });

  const actionsRouter = express.Router();
  actionsRouter.use(actionGuard(options.guard), express.json({ limit: "1mb" }));
  actionsRouter.post("/jobs", async (request: Request, response: Response) => {
    const body = objectBody(request);
    if (typeof body.type !== "string") {
      throw new ConsoleActionError(400, `Expected "type" to be a job type, got ${show(body.type)}`);
    }
    response.status(202).json(await actions.enqueue(body.type, body.payload ?? {}));
  });
  actionsRouter.post("/dead-letters/redrive", async (request: Request, response: Response) => {
    const ids = objectBody(request).ids ?? [];
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string")) {
      throw new ConsoleActionError(
        400,
        `Expected "ids" to be a list of message ids (empty for all), got ${show(ids)}`,
      );
    }
    response.json(await actions.redrive(ids));
  });
  actionsRouter.post("/tasks/:name/run", async (request: Request, response: Response) => {
    response.status(202).json(await actions.runTask(String(request.params.name)));
  });
  app.use("/api", actionsRouter);

  app.use((_request, response) => {
    response.status(404).json({ error: "Expected a path the console serves, got none such" });
  });
  app.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
    const { status, message } = describeError(error);
    response.status(status).json({ error: message });
  });
  return app;
}

function objectBody(request: Request): Record<string, unknown> {
  const body: unknown = request.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ConsoleActionError(400, `Expected a JSON object as the body, got ${show(body)}`);
  }
  return body as Record<string, unknown>;
}

function show(value: unknown): string {
  return value === undefined ? "none" : JSON.stringify(value);
}

function describeError(error: unknown): { status: number; message: string } {
  if (error instanceof ConsoleActionError) return { status: error.status, message: error.message };
  // body-parser's errors carry their status (400 for bad JSON, 413 for too large).
  const status = (error as { status?: unknown } | undefined)?.status;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof status === "number" && status >= 400 && status < 500) {
    return { status, message: `Expected a JSON body of at most 1 MB, got: ${message}` };
  }
  return { status: 500, message };
}
