/** The mailer as a client job modules declare (`clients: { mailer: mailerClient }`). */
import { defineClient } from "../modules/clients.js";
import { createMailer, type Mailer } from "./mailer.js";

/**
 * The outbox is for development: on an instance its files vanish at the next deploy, and the
 * job would have answered 200. In production without SMTP_URL sending fails (and is retried,
 * then dead-lettered) instead of silently losing email.
 */
export const mailerClient = defineClient("mailer", ({ config }): Mailer => {
  if (config.smtpUrl === undefined && config.nodeEnv === "production") {
    return {
      send: () =>
        Promise.reject(
          new Error(
            "SMTP_URL is not set; expected an smtp:// URL in production (the .eml outbox is for development only)",
          ),
        ),
    };
  }
  return createMailer({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    outboxDir: config.mailOutboxDir,
  });
});
