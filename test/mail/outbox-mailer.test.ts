import { expect } from "chai";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createMailer, type Mailer } from "../../src/mail/mailer.js";
import { expectRejection } from "../support/expect-rejection.js";
import { makeTempDir } from "./temp-dir.js";

describe("createMailer without an SMTP URL (outbox mode)", () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let outboxDir: string;
  let mailer: Mailer;
  beforeEach(async () => {
    temp = await makeTempDir("outbox");
    outboxDir = join(temp.path, "not", "yet", "there");
    mailer = createMailer({ from: "sqs-worker <worker@example.com>", outboxDir });
  });
  afterEach(async () => {
    await temp.remove();
  });

  const message = {
    to: "ann@example.com",
    subject: "Daily digest",
    text: "Hello Ann",
    messageId: "4c3f0f50-4c28-433e-81f8-c9c79bf22f0b",
  };

  it("gives message ids that differ only in characters a file name cannot hold their own files (issue 9 defect 8)", async () => {
    await mailer.send({ ...message, messageId: "a/b", text: "slash" });
    await mailer.send({ ...message, messageId: "a_b", text: "underscore" });
    const files = await readdir(outboxDir);
    expect(files).to.have.length(2);
    const texts = await Promise.all(files.map((file) => readFile(join(outboxDir, file), "utf8")));
    expect(texts.some((text) => text.includes("slash"))).to.equal(true);
    expect(texts.some((text) => text.includes("underscore"))).to.equal(true);
  });

  it("writes one .eml file named after the message id, creating the outbox", async () => {
    await mailer.send(message);

    expect(await readdir(outboxDir)).to.deep.equal([`${message.messageId}.eml`]);
    const eml = await readFile(join(outboxDir, `${message.messageId}.eml`), "utf8");
    expect(eml).to.match(/^Message-ID: <4c3f0f50-4c28-433e-81f8-c9c79bf22f0b@sqs-worker>$/m);
    expect(eml).to.match(/^From: "sqs-worker" <worker@example\.com>$/m);
    expect(eml).to.match(/^To: ann@example\.com$/m);
    expect(eml).to.match(/^Subject: Daily digest$/m);
    expect(eml).to.match(/\n\nHello Ann\n?$/);
  });

  it("overwrites the same file when the job is redelivered, leaving no second email", async () => {
    await mailer.send(message);
    await mailer.send({ ...message, text: "Hello again" });

    expect(await readdir(outboxDir)).to.deep.equal([`${message.messageId}.eml`]);
    const eml = await readFile(join(outboxDir, `${message.messageId}.eml`), "utf8");
    expect(eml).to.match(/Hello again/);
  });

  it("refuses a message id that cannot be part of a Message-ID header", async () => {
    const error = await expectRejection(mailer.send({ ...message, messageId: "a b>" }));
    expect(error.message).to.equal(
      'Expected messageId to be an SQS message id (letters, digits and -._ without spaces or <>@), got "a b>"',
    );
  });

  it("writes nothing when the signal has already fired", async () => {
    const signal = AbortSignal.abort(new Error("job timed out"));
    expect((await expectRejection(mailer.send({ ...message, signal }))).message).to.equal(
      "job timed out",
    );
    expect(await expectRejection(readdir(outboxDir))).to.have.property("code", "ENOENT");
  });
});
