/** What `npm run local` prints once everything is up: where things are and three things to try. */
import { formatSqsdHeaders, type SqsdDelivery } from "../protocol/headers.js";
import { queueNameOf } from "../protocol/queue-url.js";
import type { LocalLoop } from "./local-loop.js";

/** The delivery the banner's curl imitates: a first delivery, as sqsd would POST it. */
export function tryDelivery(loop: Pick<LocalLoop, "queues" | "options">): SqsdDelivery {
  return {
    messageId: "try-1",
    receiveCount: 1,
    firstReceivedAt: new Date("2026-01-01T00:00:00Z"),
    sentAt: undefined,
    queue: queueNameOf(loop.queues.queueUrl),
    senderId: undefined,
    path: loop.options.httpPath,
    attributes: {},
    task: undefined,
  };
}

/** `'…'` for a POSIX shell: the value as it is, whatever it holds. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

export function localBanner(
  loop: Pick<LocalLoop, "queues" | "options" | "appUrl"> &
    Partial<Pick<LocalLoop, "dynamoDb">> & {
      app: { pid: number | undefined };
      consoleUrl?: string | undefined;
    },
): string {
  const { queues, options, appUrl, app, dynamoDb, consoleUrl } = loop;
  const headers = Object.entries(formatSqsdHeaders(tryDelivery(loop)))
    .map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`)
    .join(" ");
  return [
    "",
    "sqs-worker is running locally.",
    `  embedded SQS, S3  ${queues.endpoint} (bucket ${queues.bucket})`,
    `  worker queue      ${queues.queueUrl}`,
    `  dead-letter queue ${queues.deadLetterQueueUrl} (after ${options.maxRetries} receives)`,
    `  worker app        ${appUrl} (POST ${options.httpPath}, pid ${app.pid ?? "?"})`,
    ...(dynamoDb
      ? [`  idempotency store DynamoDB table ${dynamoDb.table} on dynalite ${dynamoDb.endpoint}`]
      : []),
    ...(consoleUrl === undefined
      ? []
      : [`  console           ${consoleUrl} (open it in a browser)`]),
    "",
    "Try, in another terminal:",
    `  npm run cli -- enqueue send-email '{"to":"ada@example.com","subject":"Welcome","text":"Hello!"}'`,
    `  curl -i ${appUrl}${options.httpPath} -H 'Content-Type: application/json' ${headers} -d '{"type":"noop","payload":{}}'`,
    "  npm run cli -- upload photo.jpg   (watermarked under watermarked/ within seconds)",
    "  npm run cli -- queue stats",
    "  npm run cli -- dlq list",
    "",
    "Saving a file under src/ or cron.yaml restarts the app; the queues and their messages stay.",
    "Ctrl-C stops everything.",
    "",
  ].join("\n");
}
