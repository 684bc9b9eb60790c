import { z } from "zod";
import { mailerClient } from "../mail/mail-client.js";
import { defineJob } from "./define-job.js";

/**
 * Sends one plain-text email. Strict: an unknown key (say `cc` or `html`) is refused instead of
 * silently dropped, so a producer never believes this job does something it does not.
 */
export const sendEmail = defineJob({
  name: "send-email",
  payload: z.strictObject({
    to: z.email(),
    subject: z.string().min(1),
    text: z.string().min(1),
  }),
  clients: { mailer: mailerClient },
  async handle({ to, subject, text }, { clients, delivery, signal }) {
    // The SQS message id is the Message-ID: a redelivery repeats this email, never a new one.
    await clients.mailer.send({ to, subject, text, messageId: delivery.messageId, signal });
  },
});
