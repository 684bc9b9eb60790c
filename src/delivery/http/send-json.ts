/**
 * The one way the worker writes a response: a status, helmet's headers (computed once, see
 * security-headers.ts) and a small JSON body, in a single `writeHead` + `end`. Express's
 * `res.status().json()` would set each header through `setHeader` (validated and stored one by
 * one), then copy them all into the head; here the head's header list is one array, reused.
 */
import type { ServerResponse } from "node:http";
import { helmetHeaders } from "./security-headers.js";

const CONTENT_TYPE = "application/json; charset=utf-8";

/** helmet's headers, then Content-Type, then Content-Length; only the last value changes. */
const HEAD: string[] = [...helmetHeaders(), "Content-Type", CONTENT_TYPE, "Content-Length", "0"];
const LENGTH_SLOT = HEAD.length - 1;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  // writeHead reads the array before it returns, and nothing else runs in between: reusing one
  // array for every response is safe.
  HEAD[LENGTH_SLOT] = String(Buffer.byteLength(json));
  res.writeHead(status, HEAD);
  res.end(json);
}
