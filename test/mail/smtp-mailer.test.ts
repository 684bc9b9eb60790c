import { expect } from "chai";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { createMailer } from "../../src/mail/mailer.js";

interface Received {
  from: string;
  to: string[];
  data: string;
}

describe("createMailer with an SMTP URL", () => {
  let server: SMTPServer;
  let port: number;
  let nextMessage: Promise<Received>;

  /** Arms a promise for the next message the server accepts. */
  function expectMessage(): void {
    nextMessage = new Promise((resolve) => {
      server.onData = (stream, session, callback) => {
        // Read the envelope now: the server resets the session once the message is accepted.
        const { mailFrom, rcptTo } = session.envelope;
        const from = mailFrom ? mailFrom.address : "";
        const to = rcptTo.map((rcpt) => rcpt.address);
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          resolve({ from, to, data: Buffer.concat(chunks).toString("utf8") });
          callback();
        });
      };
    });
  }

  before(async () => {
    // A real SMTP server on loopback, without TLS or authentication.
    server = new SMTPServer({ authOptional: true, disabledCommands: ["STARTTLS"], logger: false });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  after(async () => {
    await new Promise<void>((resolve) => {
      server.close(resolve);
    });
  });

  it("delivers the email over SMTP with the SQS message id as its Message-ID", async () => {
    expectMessage();
    const mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: "worker@example.com",
      outboxDir: "unused-when-smtp-is-set",
    });

    await mailer.send({
      to: "ann@example.com",
      subject: "Hi",
      text: "Hello Ann",
      messageId: "6998edf8-3f19-4c69-92cf-7c919241b957",
    });

    const received = await nextMessage;
    expect(received.from).to.equal("worker@example.com");
    expect(received.to).to.deep.equal(["ann@example.com"]);
    expect(received.data).to.match(
      /^Message-ID: <6998edf8-3f19-4c69-92cf-7c919241b957@sqs-worker>\r$/m,
    );
    expect(received.data).to.match(/^Subject: Hi\r$/m);
    expect(received.data).to.match(/\r\n\r\nHello Ann/);
  });
});
