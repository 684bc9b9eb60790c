/** What `npm run local` prints once everything is up: where things are and three things to try. */
import type { LocalLoop } from "./local-loop.js";

export function localBanner(loop: LocalLoop): string {
  const { queues, options, appUrl } = loop;
  const queueName = queues.queueUrl.split("/").at(-1) ?? "";
  return [
    "",
    "sqs-worker is running locally.",
    `  embedded SQS      ${queues.endpoint}`,
    `  worker queue      ${queues.queueUrl}`,
    `  dead-letter queue ${queues.deadLetterQueueUrl} (after ${options.maxRetries} receives)`,
    `  worker app        ${appUrl} (POST ${options.httpPath})`,
    "",
    "Try, in another terminal:",
    `  npm run cli -- enqueue send-email '{"to":"ada@example.com","subject":"Welcome","text":"Hello!"}'`,
    `  curl -i ${appUrl}${options.httpPath} -H 'Content-Type: application/json' -H 'X-Aws-Sqsd-Msgid: try-1' -H 'X-Aws-Sqsd-Receive-Count: 1' -H 'X-Aws-Sqsd-First-Received-At: 2026-01-01T00:00:00Z' -H 'X-Aws-Sqsd-Queue: ${queueName}' -d '{"type":"noop","payload":{}}'`,
    "  npm run cli -- dlq list",
    "",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}
