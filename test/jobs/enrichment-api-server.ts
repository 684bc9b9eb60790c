/**
 * A stand-in enrichment API: a real node:http server on 127.0.0.1, port 0, that answers each
 * request with the next scripted answer (the last one repeats) and records what it was sent.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ApiAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface ApiRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  atMs: number;
}

export interface EnrichmentApiServer {
  url: string;
  requests: ApiRequest[];
  /** Replaces the script; each request takes the next answer, the last repeats. */
  answer(...answers: ApiAnswer[]): void;
  /** Resolves at the `count`th request. */
  requestNumber(count: number): Promise<ApiRequest>;
  close(): Promise<void>;
}

export const PROFILE = {
  email: "ada@example.com",
  fullName: "Ada Lovelace",
  title: "Analyst",
  company: { name: "Analytical Engines Ltd", domain: "engines.example" },
  internalScore: 97,
};

export async function startEnrichmentApi(): Promise<EnrichmentApiServer> {
  let script: ApiAnswer[] = [{ status: 200, body: PROFILE }];
  const requests: ApiRequest[] = [];
  const waiting: { count: number; resolve: (request: ApiRequest) => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        atMs: Date.now(),
      };
      requests.push(request);
      for (const waiter of waiting.filter((entry) => entry.count === requests.length)) {
        waiter.resolve(request);
      }
      const answer = script.length > 1 ? script.shift()! : script[0]!;
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
      res.end(
        answer.body === undefined
          ? ""
          : typeof answer.body === "string"
            ? answer.body
            : JSON.stringify(answer.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/enrich`,
    requests,
    answer(...answers) {
      script = answers;
    },
    requestNumber(count) {
      const seen = requests[count - 1];
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
