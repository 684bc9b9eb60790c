/**
 * Injects SQS faults into a client, deterministically by seed, as a middleware on its stack:
 *
 *   const faults = injectSqsFaults(sqs.client, { rate: 0.05, seed: 7 });
 *   …
 *   faults.stop(); // the client behaves normally again
 *   faults.injected // { errors: 3, throttling: 1, "partial-batch": 2, slow: 4 }
 *
 * Kinds:
 * - `errors`: the call throws an `InternalError` (HTTP 500), as a failing SQS server does;
 * - `throttling`: the call throws `RequestThrottled` (HTTP 400), as SQS does over its rate;
 * - `partial-batch`: a batch call succeeds for some entries and lists the others in `Failed`
 *   (`InternalError`), which SQS reports with HTTP 200; calls that are not batches are untouched;
 * - `slow`: the call is held back up to `slowMs` before it is sent.
 *
 * The middleware sits in the `initialize` step, above the SDK's own retries, so the code under
 * test sees every fault, not only the few left after the SDK's three attempts.
 */
import { RequestThrottled, SQSServiceException, type SQSClient } from "@aws-sdk/client-sqs";
import { seededRandom } from "./seeded-random.js";

export type SqsFaultKind = "errors" | "throttling" | "partial-batch" | "slow";

export interface SqsFaultOptions {
  /** The share of calls (0 to 1) that get a fault. */
  rate: number;
  /** @default every kind */
  kinds?: readonly SqsFaultKind[];
  /** Same seed, same faults on the same sequence of calls. @default 1 */
  seed?: number;
  /** Only these actions (`DeleteMessageBatch`, `ReceiveMessage`, …). @default every action */
  actions?: readonly string[];
  /** The longest delay of a `slow` call. @default 200 */
  slowMs?: number;
}

export interface SqsFaults {
  /** Faults injected so far, by kind. */
  readonly injected: Record<SqsFaultKind, number>;
  /** Changes the rate from now on (0 turns faults off). */
  setRate(rate: number): void;
  /** Removes the middleware. */
  stop(): void;
}

const ALL_KINDS: readonly SqsFaultKind[] = ["errors", "throttling", "partial-batch", "slow"];
const BATCH_ACTIONS = new Set([
  "SendMessageBatch",
  "DeleteMessageBatch",
  "ChangeMessageVisibilityBatch",
]);

export function injectedServerError(action: string): SQSServiceException {
  return new SQSServiceException({
    name: "InternalError",
    message: `Injected fault: ${action} failed`,
    $fault: "server",
    $metadata: { httpStatusCode: 500 },
  });
}

function injectedThrottling(action: string): RequestThrottled {
  return new RequestThrottled({
    message: `Injected fault: ${action} throttled`,
    $metadata: { httpStatusCode: 400 },
  });
}

interface BatchInput {
  Entries?: { Id?: string | undefined }[];
}

interface BatchOutput {
  Failed?: { Id: string; SenderFault: boolean; Code: string; Message?: string }[];
}

export function injectSqsFaults(client: SQSClient, options: SqsFaultOptions): SqsFaults {
  const random = seededRandom(options.seed ?? 1);
  const kinds = options.kinds ?? ALL_KINDS;
  const actions = options.actions ? new Set(options.actions) : undefined;
  const slowMs = options.slowMs ?? 200;
  let rate = options.rate;
  const injected: Record<SqsFaultKind, number> = {
    errors: 0,
    throttling: 0,
    "partial-batch": 0,
    slow: 0,
  };
  const name = `injectSqsFaults-${String(Math.random()).slice(2)}`;

  client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = (context.commandName ?? "").replace(/Command$/, "");
      if ((actions && !actions.has(action)) || random() >= rate) return next(args);
      const usable = kinds.filter((kind) => kind !== "partial-batch" || BATCH_ACTIONS.has(action));
      const kind = usable[Math.floor(random() * usable.length)];
      if (kind === undefined) return next(args);
      injected[kind] += 1;
      switch (kind) {
        case "errors":
          throw injectedServerError(action);
        case "throttling":
          throw injectedThrottling(action);
        case "slow": {
          const delay = Math.round(random() * slowMs);
          await new Promise((resolve) => setTimeout(resolve, delay));
          return next(args);
        }
        case "partial-batch": {
          const input = args.input as BatchInput;
          const entries = input.Entries ?? [];
          // Keep at least one entry out, and send at least none: every split is possible.
          const dropped = new Set(entries.filter(() => random() < 0.5).map((entry) => entry.Id));
          if (dropped.size === 0 && entries[0]) dropped.add(entries[0].Id);
          const kept = entries.filter((entry) => !dropped.has(entry.Id));
          const failed = [...dropped].map((id) => ({
            Id: id ?? "",
            SenderFault: false,
            Code: "InternalError",
            Message: `Injected fault: ${action} entry failed`,
          }));
          if (kept.length === 0)
            return {
              output: { $metadata: {}, Successful: [], Failed: failed } as never,
              response: {},
            };
          const result = await next({ ...args, input: { ...input, Entries: kept } as never });
          const output = result.output as BatchOutput;
          return {
            ...result,
            output: { ...output, Failed: [...(output.Failed ?? []), ...failed] } as never,
          };
        }
      }
    },
    { step: "initialize", name, priority: "high" },
  );

  return {
    injected,
    setRate(value) {
      rate = value;
    },
    stop() {
      client.middlewareStack.remove(name);
    },
  };
}
