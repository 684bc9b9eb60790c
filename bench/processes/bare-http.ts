/**
 * The floor for dispatch overhead: a node:http server that reads the body and answers 200,
 * nothing else. The worker app is compared with this on the same machine in the same run.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { announceReady, exitWithHarness } from "../lib/child.js";

exitWithHarness();
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "2" });
    res.end("{}");
  });
});
server.listen(0, "127.0.0.1", () => {
  announceReady({ port: (server.address() as AddressInfo).port });
});
