/**
 * A loopback HTTP proxy in front of a DynamoDB endpoint that counts the calls by operation
 * (the X-Amz-Target header, e.g. "DynamoDB_20120810.PutItem" → "PutItem"). Counting at the wire
 * sees every call the app makes without changing the app.
 */
import { Agent, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { forwardRequest } from "./forward.js";

export interface DynamoDbCallCounter {
  endpoint: string;
  /** Calls since the last reset, by operation. */
  calls: Map<string, number>;
  stop(): Promise<void>;
}

export async function startDynamoDbCallCounter(target: string): Promise<DynamoDbCallCounter> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const calls = new Map<string, number>();
  const server = createServer((req, res) => {
    const header = req.headers["x-amz-target"];
    const operation = typeof header === "string" ? header.slice(header.indexOf(".") + 1) : "none";
    calls.set(operation, (calls.get(operation) ?? 0) + 1);
    req.pipe(forwardRequest(upstream, agent, req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    stop: async () => {
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    },
  };
}
