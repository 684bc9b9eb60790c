/**
 * The job registry: every job type this worker handles, listed statically so the compiler knows
 * each payload type and start-up can check the list (unique names, one naming pattern).
 */
import type { z } from "zod";
import { fetchFeed } from "./fetch-feed.js";
import { enrichContact } from "./enrich-contact.js";
import { noop } from "./noop.js";
import { sendEmail } from "./send-email.js";
import { watermarkImage } from "./watermark-image.js";

export const jobs = [noop, sendEmail, watermarkImage, fetchFeed, enrichContact] as const;

/** Job type → the payload its producer passes to `enqueue`. */
export type JobPayloads = {
  [Job in (typeof jobs)[number] as Job["name"]]: z.input<Job["payload"]>;
};
