/**
 * Who drains the queue in the throughput scenario. Each contender runs in its own process(es),
 * loads and connects first, and starts taking messages only on `go()`, so start-up is not timed.
 */
import type { CeilingOptions } from "../processes/ceiling.js";
import type { SqsConsumerOptions } from "../processes/sqs-consumer.js";
import { spawnNode, type Child } from "../lib/child.js";

export interface QueueTarget {
  endpoint: string;
  queueUrl: string;
}

export interface StartOptions {
  /** Write CPU profiles of this contender's processes here. */
  cpuProfileDir?: string;
}

export interface ContenderProcess {
  /** "app", "daemon" or "consumer": the row its CPU and memory are reported under. */
  role: string;
  child: Child;
}

export interface StartedContender {
  processes: ContenderProcess[];
  go(): void;
  stop(): Promise<void>;
}

export interface Contender {
  /** Stable key in results JSON, e.g. "project-50". */
  id: string;
  /** What the tables print. */
  label: string;
  start(queue: QueueTarget, options: StartOptions): Promise<StartedContender>;
}

/** The same number of pollers as sqs-consumer's consumers: 5 long polls of 10. */
export const POLLERS = 5;

/** A contender that is one bench child process speaking the ready/go protocol. */
function singleProcess(
  id: string,
  label: string,
  script: string,
  options: (queue: QueueTarget) => object,
): Contender {
  return {
    id,
    label,
    async start(queue, startOptions) {
      const child = spawnNode(script, {
        label: id,
        args: [JSON.stringify(options(queue))],
        ...(startOptions.cpuProfileDir ? { cpuProfileDir: startOptions.cpuProfileDir } : {}),
      });
      await child.next("ready", 30_000);
      return {
        processes: [{ role: "consumer", child }],
        go: () => {
          child.send({ kind: "go" });
        },
        stop: () => child.stop(),
      };
    },
  };
}

export function ceiling(): Contender {
  return singleProcess(
    "ceiling",
    `ceiling: bare ReceiveMessage(10) + DeleteMessageBatch, ${POLLERS} pollers`,
    "bench/processes/ceiling.ts",
    (queue): CeilingOptions => ({ ...queue, pollers: POLLERS }),
  );
}

export function sqsConsumer(mode: SqsConsumerOptions["mode"], version: string): Contender {
  const modeLabel = mode === "message" ? "handleMessage" : "handleMessageBatch";
  return singleProcess(
    `sqs-consumer-${mode}`,
    `sqs-consumer ${version}, ${modeLabel}, ${POLLERS} consumers × batch 10`,
    "bench/processes/sqs-consumer.ts",
    (queue): SqsConsumerOptions => ({ ...queue, consumers: POLLERS, mode }),
  );
}
