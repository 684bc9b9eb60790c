/**
 * One request forwarded to an upstream HTTP server and its answer passed back, as the bench's
 * loopback proxies do (the delay proxy, the DynamoDB call counter). An upstream failure answers
 * 502 with its message. The caller sends the body: `req.pipe(forwarded)`, or `end` it later.
 */
import {
  request,
  type Agent,
  type ClientRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";

export function forwardRequest(
  upstream: URL,
  agent: Agent,
  req: IncomingMessage,
  res: ServerResponse,
): ClientRequest {
  const forwarded = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: req.headers,
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  forwarded.on("error", (error) => {
    res.writeHead(502).end(error.message);
  });
  return forwarded;
}
