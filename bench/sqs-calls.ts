/**
 * `npx tsx bench/sqs-calls.ts [--messages 3000] [--connections 50]`: how many SQS calls of each
 * kind the daemon makes per message while it drains N no-op jobs (AWS defaults otherwise) into a
 * bare node:http app that answers 200, and how many messages each ReceiveMessage brought. The
 * daemon runs in this process, its SQS client counted by a middleware; fauxqs in its own.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { startDaemon } from "../src/daemon/daemon.js";
import { resolveSqsdOptions } from "../src/eb/sqsd-options.js";
import { silenceSdkNodeVersionWarning } from "../src/sdk-node-warning.js";
import { buildForBench } from "./lib/build.js";
import { createQueue, preload, startQueueServer, waitUntilEmpty } from "./lib/queue.js";
import { localSqsClient, NOOP_JOB_BODY } from "./lib/sqs.js";

silenceSdkNodeVersionWarning(process.env);
const { values } = parseArgs({
  options: {
    messages: { type: "string", default: "3000" },
    connections: { type: "string", default: "50" },
  },
  strict: true,
});
const messages = Number(values.messages);

buildForBench(); // the queue server runs from the compiled bench processes
const queue = await startQueueServer();
const app = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200).end());
});
try {
  const queueUrl = await createQueue(queue.client, "sqs-calls");
  await preload(queue.client, queueUrl, messages, NOOP_JOB_BODY);
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const sqs = localSqsClient(queue.endpoint);
  const calls: Record<string, number> = {};
  let receives = 0;
  let received = 0;
  sqs.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, "");
      calls[name] = (calls[name] ?? 0) + 1;
      const result = await next(args);
      if (name === "ReceiveMessage") {
        receives += 1;
        received += (result.output as { Messages?: unknown[] }).Messages?.length ?? 0;
      }
      return result;
    },
    { step: "initialize" },
  );
  const startedAt = performance.now();
  const daemon = startDaemon({
    sqs,
    queueUrl,
    behaviour: resolveSqsdOptions({ httpConnections: Number(values.connections) }),
    target: { port: (app.address() as AddressInfo).port },
  });
  await waitUntilEmpty(queue.client, queueUrl, { intervalMs: 20, timeoutMs: 600_000 });
  const seconds = (performance.now() - startedAt) / 1000;
  await daemon.stop();
  sqs.destroy();
  console.log(
    `${messages} messages, HttpConnections ${values.connections}, ${(messages / seconds).toFixed(0)} msg/s:`,
  );
  for (const [name, count] of Object.entries(calls)) {
    console.log(`  ${name}: ${count} calls, ${(count / messages).toFixed(3)} per message`);
  }
  console.log(
    `  messages per ReceiveMessage (empty ones included): ${(received / receives).toFixed(1)}`,
  );
} finally {
  app.close();
  await queue.stop();
}
