/**
 * An HTTP proxy in front of fauxqs that the daemon is pointed at (its --endpoint): it forwards
 * every SQS call and, at a given rate per call type, answers instead with a fault. It also reads
 * every ReceiveMessage answer, so the harness knows how often each job was received.
 *
 * Faults, decided by a seeded generator (the sequence of decisions is the same for a seed; which
 * call meets which decision depends on the order calls arrive in):
 * - error: 500 InternalError or 503 ServiceUnavailable; the call is not performed.
 * - throttle: ThrottlingException (400) or RequestThrottled (403); the call is not performed.
 * - partial-batch: on *Batch calls only, some entries (each with probability 1/2, at least one)
 *   are removed from the forwarded call and answered as `Failed` with InternalError: SQS did not
 *   perform them, as when a real batch partly fails.
 * - slow: the call is performed and its answer held back for `slowMs`.
 */
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { seededRandom } from "./random.js";
import { SERVER_ERRORS, THROTTLING_ERRORS, type SqsErrorAnswer } from "./sqs-errors.js";

export type FaultKind = "error" | "throttle" | "partial-batch" | "slow";

export interface FaultProxyOptions {
  /** fauxqs's endpoint, http://127.0.0.1:<port>. */
  target: string;
  seed: number;
  /** Share of the calls of each call type that get a fault: 0.05 is 5 %. */
  rate: number;
  kind: FaultKind | undefined;
  slowMs: number;
  /** Reads a job id out of a received message body. */
  jobIdOf(body: string): string | undefined;
}

export interface ProxyStats {
  /** Calls by action, e.g. { DeleteMessageBatch: 812 }. */
  calls: Record<string, number>;
  /** Faults injected, by action. */
  faults: Record<string, number>;
  /** Batch entries answered as Failed without being performed. */
  failedEntries: number;
}

export interface FaultProxy {
  endpoint: string;
  stats: ProxyStats;
  /** How many times each job id was received (from ReceiveMessage answers). */
  receives: Map<string, number>;
  /**
   * Jobs received again after the daemon had asked to delete them (it asks only after a 200):
   * a delete that was lost, or one that came after the message's visibility had run out.
   */
  receivedAfterDelete: Set<string>;
  /** Settle calls the daemon made for each job: deletes, and visibility changes above 0 (its retry path). */
  deletesAsked: Set<string>;
  retriesAsked: Map<string, number>;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = seededRandom(options.seed);
  const target = new URL(options.target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const stats: ProxyStats = { calls: {}, faults: {}, failedEntries: 0 };
  const receives = new Map<string, number>();
  const receivedAfterDelete = new Set<string>();
  const deletesAsked = new Set<string>();
  const retriesAsked = new Map<string, number>();
  /** Receipt handle → job id, learnt from ReceiveMessage answers. */
  const handles = new Map<string, string>();
  const count = (table: Record<string, number>, key: string): void => {
    table[key] = (table[key] ?? 0) + 1;
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, "content-length": String(body.length) };
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        },
        (res) => {
          readAll(res).then((answer) => {
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: answer });
          }, reject);
        },
      );
      upstream.once("error", reject);
      upstream.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readAll(req);
    const action = String(req.headers["x-amz-target"] ?? "").replace(/^AmazonSQS\./, "");
    count(stats.calls, action || "(none)");
    recordSettle(action, body);
    const kind =
      options.kind !== undefined && applies(options.kind, action) ? options.kind : undefined;
    const faulted = kind !== undefined && random() < options.rate;
    if (faulted) count(stats.faults, action);

    if (faulted && (kind === "error" || kind === "throttle")) {
      const choices = kind === "error" ? SERVER_ERRORS : THROTTLING_ERRORS;
      sendAnswer(res, pick(choices, random));
      return;
    }
    if (faulted && kind === "partial-batch") {
      const answer = await partialBatch(body, (trimmed) => forward(req, trimmed), random);
      stats.failedEntries += answer.failedEntries;
      sendUpstream(res, answer.upstream);
      return;
    }
    const upstream = await forward(req, body);
    if (action === "ReceiveMessage" && upstream.status === 200) recordReceives(upstream.body);
    if (faulted && kind === "slow")
      await new Promise((resolve) => setTimeout(resolve, options.slowMs));
    sendUpstream(res, upstream);
  };

  const recordReceives = (answer: Buffer): void => {
    const parsed = JSON.parse(answer.toString("utf8")) as {
      Messages?: { Body?: string; ReceiptHandle?: string }[];
    };
    for (const message of parsed.Messages ?? []) {
      const id = options.jobIdOf(message.Body ?? "");
      if (id === undefined) continue;
      receives.set(id, (receives.get(id) ?? 0) + 1);
      if (deletesAsked.has(id)) receivedAfterDelete.add(id);
      if (message.ReceiptHandle) handles.set(message.ReceiptHandle, id);
    }
  };

  /** What the daemon asked for each job, whether or not the call then succeeds. */
  const recordSettle = (action: string, body: Buffer): void => {
    if (!/^(DeleteMessage|ChangeMessageVisibility)(Batch)?$/.test(action)) return;
    const call = JSON.parse(body.toString("utf8")) as SettleEntry & { Entries?: SettleEntry[] };
    for (const entry of call.Entries ?? [call]) {
      const id = handles.get(entry.ReceiptHandle ?? "");
      if (id === undefined) continue;
      if (action.startsWith("Delete")) deletesAsked.add(id);
      else if ((entry.VisibilityTimeout ?? 0) > 0)
        retriesAsked.set(id, (retriesAsked.get(id) ?? 0) + 1);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // fauxqs gone (the run is ending) or a broken request: the client sees a reset connection.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    receives,
    receivedAfterDelete,
    deletesAsked,
    retriesAsked,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
}

interface Upstream {
  status: number;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

function applies(kind: FaultKind, action: string): boolean {
  return kind === "partial-batch" ? action.endsWith("Batch") : action !== "";
}

function pick<T>(choices: readonly T[], random: () => number): T {
  const choice = choices[Math.floor(random() * choices.length)];
  if (choice === undefined) throw new Error("Expected at least one choice, got none");
  return choice;
}

interface BatchEntry {
  Id: string;
}

interface SettleEntry {
  ReceiptHandle?: string;
  VisibilityTimeout?: number;
}

/** Forwards the batch without some of its entries and answers those as Failed. */
async function partialBatch(
  body: Buffer,
  forward: (trimmed: Buffer) => Promise<Upstream>,
  random: () => number,
): Promise<{ upstream: Upstream; failedEntries: number }> {
  const call = JSON.parse(body.toString("utf8")) as { Entries?: BatchEntry[] };
  const entries = call.Entries ?? [];
  const failing = new Set(entries.filter(() => random() < 0.5).map((entry) => entry.Id));
  if (failing.size === 0 && entries[0]) failing.add(entries[0].Id);
  const kept = entries.filter((entry) => !failing.has(entry.Id));
  const failed = [...failing].map((Id) => ({
    Id,
    SenderFault: false,
    Code: "InternalError",
    Message: "We encountered an internal error. Please try again.",
  }));
  let answer: { Successful?: unknown[]; Failed?: unknown[] } = { Successful: [], Failed: [] };
  let upstream: Upstream | undefined;
  if (kept.length > 0) {
    upstream = await forward(Buffer.from(JSON.stringify({ ...call, Entries: kept })));
    if (upstream.status !== 200) return { upstream, failedEntries: 0 };
    answer = JSON.parse(upstream.body.toString("utf8")) as typeof answer;
  }
  const merged = Buffer.from(
    JSON.stringify({ ...answer, Failed: [...(answer.Failed ?? []), ...failed] }),
  );
  return {
    upstream: {
      status: 200,
      headers: { ...(upstream?.headers ?? {}), "content-type": "application/x-amz-json-1.0" },
      body: merged,
    },
    failedEntries: failed.length,
  };
}

function sendAnswer(res: ServerResponse, answer: SqsErrorAnswer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}

function sendUpstream(res: ServerResponse, upstream: Upstream): void {
  const headers: Record<string, string | string[] | undefined> = {
    ...upstream.headers,
    "content-length": String(upstream.body.length),
  };
  // Hop-by-hop headers belong to the upstream connection, not to this one.
  delete headers["transfer-encoding"];
  delete headers.connection;
  delete headers["keep-alive"];
  res.writeHead(upstream.status, headers);
  res.end(upstream.body);
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Error(`Expected a body under ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
