import { expect } from "chai";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { sendEmail } from "../../src/jobs/send-email.js";
import { createMailer } from "../../src/mail/mailer.js";
import { makeTempDir } from "../mail/temp-dir.js";
import { delivery, jobContext } from "./job-context.js";

describe("send-email", () => {
  describe("payload", () => {
    const valid = { to: "ann@example.com", subject: "Hi", text: "Hello" };

    it("accepts an address, a subject and a text", () => {
      expect(sendEmail.payload.parse(valid)).to.deep.equal(valid);
    });

    const refused: [string, unknown, string][] = [
      ["an invalid address", { ...valid, to: "ann" }, "to: Invalid email address"],
      [
        "an empty subject",
        { ...valid, subject: "" },
        "subject: Too small: expected string to have >=1 characters",
      ],
      [
        "a missing text",
        { to: valid.to, subject: "Hi" },
        "text: Invalid input: expected string, received undefined",
      ],
      ["an unknown key", { ...valid, cc: "bob@example.com" }, ': Unrecognized key: "cc"'],
    ];
    for (const [what, payload, issue] of refused) {
      it(`refuses ${what}`, () => {
        const result = sendEmail.payload.safeParse(payload);
        if (result.success) return expect.fail("Expected the payload to be refused, got success");
        const issues = result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
        expect(issues).to.deep.equal([issue]);
      });
    }
  });

  describe("handler", () => {
    let temp: Awaited<ReturnType<typeof makeTempDir>>;
    beforeEach(async () => {
      temp = await makeTempDir("send-email");
    });
    afterEach(async () => {
      await temp.remove();
    });

    it("sends the email with the SQS message id as its Message-ID", async () => {
      const mailer = createMailer({ from: "worker@example.com", outboxDir: temp.path });
      const context = jobContext(sendEmail, {
        clients: { mailer },
        delivery: delivery({ messageId: "6998edf8-3f19-4c69-92cf-7c919241b957" }),
      });

      await sendEmail.handle({ to: "ann@example.com", subject: "Hi", text: "Hello Ann" }, context);

      expect(await readdir(temp.path)).to.deep.equal(["6998edf8-3f19-4c69-92cf-7c919241b957.eml"]);
      const eml = await readFile(
        join(temp.path, "6998edf8-3f19-4c69-92cf-7c919241b957.eml"),
        "utf8",
      );
      expect(eml).to.match(/^Message-ID: <6998edf8-3f19-4c69-92cf-7c919241b957@sqs-worker>$/m);
      expect(eml).to.match(/^To: ann@example\.com$/m);
      expect(eml).to.match(/^Subject: Hi$/m);
      expect(eml).to.match(/\n\nHello Ann\n?$/);
    });
  });
});
