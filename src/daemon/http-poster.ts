/**
 * POSTs to the app over a keep-alive pool of at most HttpConnections sockets. The outcome is either
 * the status the app answered or a socket error: a failed or timed-out connect (ConnectTimeout) or
 * an open request on which nothing arrived for InactivityTimeout (an idle timer, not a total one).
 */
import { Agent, request, type ClientRequest } from "node:http";

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
  /** Headers sent with every POST (Content-Type, User-Agent, …). */
  commonHeaders: Record<string, string>;
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
        headers: {
          ...headers,
          ...options.commonHeaders,
          "Content-Length": Buffer.byteLength(body),
        },
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
        // A keep-alive socket the app closed while idle: sqsd re-POSTs once on a fresh connection.
        if (req.reusedSocket && error.code === "ECONNRESET" && !isRetry) {
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

function noop(): void {}
