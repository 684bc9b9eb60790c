/**
 * helmet's headers, computed once. With its default options every header helmet sets is the
 * same on every response (no nonces, no per-request directives), so running its dozen small
 * middlewares on each request only repeats the same work. helmet itself still decides the set:
 * its middleware runs once here, against a recorder, at start-up.
 */
import { IncomingMessage, type ServerResponse } from "node:http";
import { Socket } from "node:net";
import helmet from "helmet";
import { toError } from "../../errors.js";

/** `[name, value, name, value, …]`, the shape `res.writeHead` takes without copying. */
export type FlatHeaders = readonly string[];

export function helmetHeaders(): FlatHeaders {
  const recorded: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.push(name, Array.isArray(value) ? value.join(", ") : String(value));
      return recorder;
    },
    removeHeader() {
      // helmet removes X-Powered-By; the app never sets it (x-powered-by is disabled).
    },
  };
  const state = { finished: false };
  helmet()(
    new IncomingMessage(new Socket()),
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      if (error !== undefined) throw toError(error);
      state.finished = true;
    },
  );
  // helmet's middleware is synchronous; if a future version is not, fail at start-up, not later.
  if (!state.finished) {
    throw new Error("Expected helmet's middleware to finish synchronously, got a pending one");
  }
  return recorded;
}
