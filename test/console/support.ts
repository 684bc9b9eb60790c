/** A console on the embedded SQS, without the app or the daemon: for what the console itself decides. */
import { join } from "node:path";
import { startConsole, type RunningConsole } from "../../src/console/console.js";
import { createJobHistory, type JobHistory } from "../../src/console/job-history.js";
import { jobs } from "../../src/jobs/index.js";
import type { SigningKeys } from "../../src/protocol/signing-keys.js";
import { startLocalSqs, type LocalSqs } from "../support/fauxqs.js";

export interface ConsoleUnderTest {
  sqs: LocalSqs;
  queueUrl: string;
  deadLetterQueueUrl: string;
  history: JobHistory;
  console: RunningConsole;
  /** `http://127.0.0.1:<port>`, the console's own Origin. */
  origin: string;
  /** The session's token, read from the page as the page's script reads it. */
  token: string;
  page: string;
  stop(): Promise<void>;
}

export async function startConsoleUnderTest(signingKeys?: SigningKeys): Promise<ConsoleUnderTest> {
  const sqs = await startLocalSqs();
  const queueUrl = sqs.createQueue("console-queue");
  const deadLetterQueueUrl = sqs.createQueue("console-dead-letters");
  const history = createJobHistory();
  const running = await startConsole({
    port: 0,
    sqs: sqs.client,
    queueUrl,
    deadLetterQueueUrl,
    jobs,
    signingKeys,
    cronFile: join(process.cwd(), "cron.yaml"),
    history,
  });
  const origin = running.url.replace(/\/$/, "");
  const page = await (await fetch(running.url)).text();
  const token = /<meta name="console-token" content="([^"]+)">/.exec(page)?.[1] ?? "";
  return {
    sqs,
    queueUrl,
    deadLetterQueueUrl,
    history,
    console: running,
    origin,
    token,
    page,
    async stop() {
      await running.stop();
      await sqs.stop();
    },
  };
}
