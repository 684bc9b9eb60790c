import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "./config.js";
import type { Services } from "./services.js";

/** Builds the services handlers use, from the configuration. */
export function createServices(config: Config, _sqs: SQSClient): Services {
  // Replaced by the real mailer and producer when they land.
  return {
    digestRecipients: config.digestRecipients,
    mailer: { send: () => Promise.reject(new Error("mailer not configured")) },
    enqueue: () => Promise.reject(new Error("producer not configured")),
  };
}
