/**
 * A proxy in front of the embedded SQS that holds every call for a fixed time before forwarding
 * it: the round trip to a real SQS endpoint (5–30 ms), on loopback. 127.0.0.1 only. Its own
 * process, so its CPU is not charged to the harness or to a contender.
 *
 * Options (one JSON argument): `{ target: "http://127.0.0.1:<port>", delayMs: number }`.
 */
import { Agent, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { announceReady, childOptions, exitWithHarness } from "../lib/child.js";
import { forwardRequest } from "../lib/forward.js";

export interface DelayProxyOptions {
  target: string;
  delayMs: number;
}

exitWithHarness();
const { target, delayMs } = childOptions() as DelayProxyOptions;
const upstream = new URL(target);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    setTimeout(() => {
      const forwarded = forwardRequest(upstream, agent, req, res);
      // A client that gives up (a long poll's abort) takes its forwarded call with it.
      res.on("close", () => forwarded.destroy());
      forwarded.end(Buffer.concat(chunks));
    }, delayMs);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  announceReady({ port: (server.address() as AddressInfo).port });
});
