/**
 * POSTs to the app over a keep-alive pool of at most HttpConnections sockets. The outcome is either
 * the status the app answered or a socket error: a failed or timed-out connect (ConnectTimeout) or
 * an open request on which nothing arrived for InactivityTimeout (an idle timer, not a total one).
 */
import { Agent, request, type ClientRequest } from "node:http";
import type { BuildRequestHeaders } from "./request-headers.js";

export type PostResult =
  | { kind: "status"; status: number; seconds: number }
  | {
      kind: "socket-error";
      error: string;
      seconds: number;
      /** Whether the connection was never made, or broke or went silent once made. */
      phase: "connect" | "response";
    };

export interface HttpPosterOptions {
  host: string;
  port: number;
  connections: number;
  connectTimeoutMs: number;
  inactivityTimeoutMs: number;
  /** Every header of a POST, in order, from the message's `X-Aws-Sqsd-*` ones. */
  buildHeaders: BuildRequestHeaders;
}

export interface HttpPoster {
  /** The URL a path is POSTed to, as the log shows it. */
  urlFor(path: string): string;
  post(path: string, body: string, headers: Record<string, string>): Promise<PostResult>;
  /** Cuts off every request still open (they end as socket errors) and closes the sockets. */
  destroy(): void;
}

/** Why the daemon itself ended a request; `code` is what the socket-err line shows. */
class PostCutOff extends Error {
  override name = "PostCutOff";
  constructor(
    message: string,
    readonly code: "ETIMEDOUT" | "ECANCELED",
  ) {
    super(message);
  }
}

export function createHttpPoster(options: HttpPosterOptions): HttpPoster {
  const agent = new Agent({
    keepAlive: true,
    maxSockets: options.connections,
    maxFreeSockets: options.connections,
    // With a timeout set, Node retires an idle socket a second before the app's announced
    // `Keep-Alive: timeout=N`, so a POST rarely meets a connection the app is closing.
    timeout: IDLE_SOCKET_MS,
  });
  const open = new Set<ClientRequest>();
  const base = `http://${options.host}:${options.port}`;

  const attempt = (
    path: string,
    body: string,
    headers: Record<string, string>,
    started: number,
    isRetry: boolean,
  ): Promise<PostResult> =>
    new Promise((resolve) => {
      const seconds = (): number => (performance.now() - started) / 1000;
      const req = request({
        agent,
        host: options.host,
        port: options.port,
        method: "POST",
        path,
        headers: options.buildHeaders(headers, Buffer.byteLength(body)),
      });
      /** Whether the whole request left: from then on the app may have read it and run the job. */
      let sent = false;
      req.on("finish", () => {
        sent = true;
      });
      open.add(req);
      let connectTimer: NodeJS.Timeout | undefined;
      let connected = false;
      const phase = (): "connect" | "response" => (connected ? "response" : "connect");
      req.on("socket", (socket) => {
        if (!socket.connecting) {
          connected = true;
          return;
        }
        connectTimer = setTimeout(
          () => req.destroy(new PostCutOff("connect timed out", "ETIMEDOUT")),
          options.connectTimeoutMs,
        );
        socket.once("connect", () => {
          connected = true;
          clearTimeout(connectTimer);
        });
      });
      req.setTimeout(options.inactivityTimeoutMs, () =>
        req.destroy(new PostCutOff("inactivity timeout", "ETIMEDOUT")),
      );
      req.on("response", (res) => {
        res.on("data", noop);
        res.on("end", () => {
          open.delete(req);
          resolve({ kind: "status", status: res.statusCode ?? 0, seconds: seconds() });
        });
        res.on("error", noop);
        res.on("close", () => {
          if (res.complete) return;
          open.delete(req);
          resolve({
            kind: "socket-error",
            error: "ECONNRESET",
            seconds: seconds(),
            phase: "response",
          });
        });
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        clearTimeout(connectTimer);
        open.delete(req);
        // A kept-alive socket the app closed while idle, found closed before the request was out:
        // sqsd re-POSTs once on a fresh connection. Once the whole request left, the app may have
        // read it and run the job, so that is a failed POST like any other (ErrorVisibilityTimeout).
        const closedBeforeSent = !sent && (error.code === "ECONNRESET" || error.code === "EPIPE");
        if (req.reusedSocket && closedBeforeSent && !isRetry) {
          resolve(attempt(path, body, headers, started, true));
          return;
        }
        resolve({
          kind: "socket-error",
          error: error.code ?? error.name,
          seconds: seconds(),
          phase: phase(),
        });
      });
      req.end(body);
    });

  return {
    urlFor: (path) => `${base}${path}`,
    post: (path, body, headers) => attempt(path, body, headers, performance.now(), false),
    destroy() {
      for (const req of open) req.destroy(new PostCutOff("daemon stopped", "ECANCELED"));
      agent.destroy();
    },
  };
}

/** How long an unused kept-alive socket stays open when the app announces no keep-alive timeout. */
const IDLE_SOCKET_MS = 60_000;

function noop(): void {}
