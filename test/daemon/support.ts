/**
 * Helpers for daemon tests: a stand-in app (node:http on 127.0.0.1, port 0) that answers what the
 * test says and records every request, sqsd options for tests, and waiting on daemon events.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DaemonEventMap, DaemonEvents } from "../../src/daemon/events.js";
import type { DaemonSqsdOptions } from "../../src/daemon/parameters.js";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names exactly as sent, in order. */
  rawHeaderNames: string[];
  body: string;
  arrivedAtMs: number;
}

export interface TestApp {
  port: number;
  requests: RecordedRequest[];
  /** The most POSTs that were open at the same time. */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** `answer` decides the response; it may keep `res` open (a slow app) and end it later. */
export type Answer = (request: RecordedRequest, res: ServerResponse) => void;

export const answerStatus =
  (status: number): Answer =>
  (_request, res) => {
    res.writeHead(status).end();
  };

export async function startTestApp(answer: Answer): Promise<TestApp> {
  let open = 0;
  const app: TestApp = { port: 0, requests: [], maxConcurrent: 0, close: () => Promise.resolve() };
  const server = createServer((req, res) => {
    open += 1;
    app.maxConcurrent = Math.max(app.maxConcurrent, open);
    res.on("close", () => {
      open -= 1;
    });
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        rawHeaderNames: req.rawHeaders.filter((_, index) => index % 2 === 0),
        body: Buffer.concat(chunks).toString("utf8"),
        arrivedAtMs: Date.now(),
      };
      app.requests.push(recorded);
      answer(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  app.port = (server.address() as AddressInfo).port;
  app.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => {
        resolve();
      });
    });
  return app;
}

/** sqsd options for tests: Beanstalk's defaults with short timeouts. */
export function testBehaviour(overrides: Partial<DaemonSqsdOptions> = {}): DaemonSqsdOptions {
  return {
    httpPath: "/",
    mimeType: "application/json",
    httpConnections: 10,
    connectTimeout: 1,
    inactivityTimeout: 1,
    visibilityTimeout: 30,
    errorVisibilityTimeout: 1,
    retentionPeriod: 345600,
    ...overrides,
  };
}

/** Resolves with the first event of this name whose arguments satisfy `accept`. */
export function nextEvent<Name extends keyof DaemonEventMap>(
  events: DaemonEvents,
  name: Name,
  accept: (...args: DaemonEventMap[Name]) => boolean = () => true,
): Promise<DaemonEventMap[Name]> {
  return new Promise((resolve) => {
    const listener = (...args: DaemonEventMap[Name]): void => {
      if (!accept(...args)) return;
      events.off(name, listener as never);
      resolve(args);
    };
    events.on(name, listener as never);
  });
}

/** Resolves once `count` messages in total have been deleted. */
export function deletedCount(events: DaemonEvents, count: number): Promise<string[]> {
  const ids: string[] = [];
  return new Promise((resolve) => {
    const listener = (refs: { messageId: string }[]): void => {
      ids.push(...refs.map((ref) => ref.messageId));
      if (ids.length < count) return;
      events.off("deleted", listener);
      resolve(ids);
    };
    events.on("deleted", listener);
  });
}
