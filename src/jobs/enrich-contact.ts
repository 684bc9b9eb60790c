import { PutObjectCommand } from "@aws-sdk/client-s3";
import { z } from "zod";
import { circuitBreakers } from "../enrichment/breakers-client.js";
import { lookUpProfile, type EnrichedProfile } from "../enrichment/enrichment-api.js";
import { PermanentJobError } from "../errors.js";
import { setting } from "../modules/settings.js";
import { s3Client } from "../storage/s3-client.js";
import { workerBucketClient } from "../storage/worker-bucket.js";
import { defineJob } from "./define-job.js";

/** Where results go in WORKER_BUCKET: `contacts/<contactId>.json`. */
export const CONTACTS_PREFIX = "contacts/";

/**
 * Looks a contact up in the configured enrichment API (ENRICHMENT_API_URL, with
 * ENRICHMENT_API_KEY as a bearer token, never logged) and stores the profile as JSON in
 * WORKER_BUCKET under `contacts/`. A stored result is overwritten by a rerun with the same one.
 * What each answer of the API does, and why the retry policy is this one: docs/retries.md.
 */
export const enrichContact = defineJob({
  name: "enrich-contact",
  payload: z.strictObject({
    // It names the S3 object: letters, digits, ".", "_" and "-" only.
    contactId: z.string().regex(/^[A-Za-z0-9._-]{1,128}$/, "1 to 128 letters, digits, . _ or -"),
    email: z.email(),
  }),
  timeoutSeconds: 30,
  // Up to about 45 minutes of an API being down or throttling (30 s, 1, 2, 4, 8, 15, 15 min).
  retry: { attempts: 8, initialDelaySeconds: 30, factor: 2, maxDelaySeconds: 900, jitter: 0.2 },
  settings: {
    apiUrl: setting.optionalUrl("ENRICHMENT_API_URL"),
    apiKey: setting.secret("ENRICHMENT_API_KEY"),
    breakerFailures: setting.integer("ENRICHMENT_BREAKER_FAILURES", 5, 1, 1000),
    breakerOpenSeconds: setting.integer("ENRICHMENT_BREAKER_OPEN_SECONDS", 30, 1, 3600),
  },
  clients: { s3: s3Client, bucket: workerBucketClient, breakers: circuitBreakers },
  async handle(contact, context) {
    const { settings, clients, signal } = context;
    const url = required(settings.apiUrl, "ENRICHMENT_API_URL");
    const bucket = clients.bucket.require();
    const breaker = clients.breakers.for(new URL(url).origin, {
      failureThreshold: settings.breakerFailures,
      openMs: settings.breakerOpenSeconds * 1000,
    });
    const profile = await lookUpProfile(
      { url, apiKey: settings.apiKey, breaker },
      contact.email,
      context,
    );
    await clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `${CONTACTS_PREFIX}${contact.contactId}.json`,
        ContentType: "application/json",
        Body: JSON.stringify(storedContact(contact, profile)),
      }),
      { abortSignal: signal },
    );
  },
});

/** What is stored: the profile with the contact it belongs to and when it was looked up. */
function storedContact(contact: { contactId: string; email: string }, profile: EnrichedProfile) {
  return {
    contactId: contact.contactId,
    email: contact.email,
    enrichedAt: new Date().toISOString(),
    profile,
  };
}

/** A deployment without this variable cannot run the job: parked until it is set and redriven. */
function required<T>(value: T | undefined, variable: string): T {
  if (value === undefined) {
    throw new PermanentJobError(`Expected ${variable} to be set for enrich-contact, got none`);
  }
  return value;
}
