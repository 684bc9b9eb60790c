/**
 * Express 5's own floor: the bare server's handler (bare-http.ts) as the one route of an Express
 * app with nothing else, so the difference between the two is Express alone (its router, its
 * req/res, its finalhandler set-up), with none of the worker's stages.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { announceReady, exitWithHarness } from "../lib/child.js";

exitWithHarness();
const app = express();
app.disable("x-powered-by");
app.set("etag", false);
app.post("/", (req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "2" });
    res.end("{}");
  });
});
const server = createServer(app);
server.listen(0, "127.0.0.1", () => {
  announceReady({ port: (server.address() as AddressInfo).port });
});
