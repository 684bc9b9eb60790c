/**
 * The mailer handlers use: SMTP when `SMTP_URL` is set, otherwise .eml files in the outbox.
 * Every email's Message-ID is derived from the SQS message id that caused it.
 */
import { Buffer } from "node:buffer";
import { emailMessageId, outboxFileName } from "./message-id.js";
import { writeToOutbox } from "./outbox.js";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The SQS message id of the job sending this email; it becomes the Message-ID header. */
  messageId: string;
  /** Checked before sending; in outbox mode it also cancels the file write. */
  signal?: AbortSignal;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` (or `smtps://`). @default unset: write .eml files to outboxDir */
  smtpUrl?: string | undefined;
  /** The From address, e.g. `sqs-worker <worker@example.com>`. */
  from: string;
  /** Where .eml files go when smtpUrl is unset; created when missing. */
  outboxDir: string;
}

export function createMailer(options: MailerOptions): Mailer {
  return options.smtpUrl === undefined
    ? createOutboxMailer(options.from, options.outboxDir)
    : createSmtpMailer(options.from, options.smtpUrl);
}

/**
 * nodemailer takes no AbortSignal, so its own timeouts bound a send instead: a server that
 * stops answering must not hold a job's slot (and the email's message id) indefinitely.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * nodemailer is loaded on the first email, not at start-up: it is about 16 MB of the worker's
 * resident memory, and most deployments send no email (docs/performance.md, "Memory").
 */
function onFirstUse<T>(create: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}

function createSmtpMailer(from: string, smtpUrl: string): Mailer {
  const transport = onFirstUse(() =>
    import("nodemailer").then(({ createTransport }) =>
      createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS }),
    ),
  );
  return {
    async send({ to, subject, text, messageId, signal }) {
      const header = emailMessageId(messageId);
      signal?.throwIfAborted();
      await (await transport()).sendMail({ from, to, subject, text, messageId: header });
    },
  };
}

function createOutboxMailer(from: string, outboxDir: string): Mailer {
  // The stream transport builds the complete RFC 5322 message without sending it anywhere.
  const transport = onFirstUse(() =>
    import("nodemailer").then(({ createTransport }) =>
      createTransport({ streamTransport: true, buffer: true, newline: "unix" }),
    ),
  );
  return {
    async send({ to, subject, text, messageId, signal }) {
      const header = emailMessageId(messageId);
      signal?.throwIfAborted();
      const info = await (
        await transport()
      ).sendMail({ from, to, subject, text, messageId: header });
      const content = Buffer.isBuffer(info.message) ? info.message : await readAll(info.message);
      await writeToOutbox(outboxDir, outboxFileName(messageId), content, signal);
    },
  };
}

async function readAll(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
