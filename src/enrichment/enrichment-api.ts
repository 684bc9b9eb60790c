/**
 * One call to the contact enrichment API, and what each answer means for the job
 * (docs/retries.md has the table): a profile on 2xx; PermanentJobError on 400/404/422 and on a
 * 2xx that breaks the response schema; a retryable error on 401/403 (a configuration problem,
 * logged at error), 408, 429, 5xx and network errors, honouring Retry-After. A circuit breaker
 * per API keeps a down API from being called by every connection.
 */
import { z } from "zod";
import { PermanentJobError, ShutdownError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { Secret } from "../modules/secret.js";
import { parseRetryAfter } from "../retry/retry-after-header.js";
import type { CircuitBreaker, CallResult } from "./circuit-breaker.js";

/** What the API answers for one email address; other fields are dropped. */
export const enrichedProfile = z.object({
  email: z.email(),
  fullName: z.string().min(1).nullish(),
  title: z.string().nullish(),
  location: z.string().nullish(),
  company: z.object({ name: z.string().min(1), domain: z.string().nullish() }).nullish(),
});
export type EnrichedProfile = z.output<typeof enrichedProfile>;

export interface EnrichmentApi {
  url: string;
  apiKey: Secret | undefined;
  breaker: CircuitBreaker;
}

/** What the call needs from the job's context. */
export interface CallContext {
  signal: AbortSignal;
  log: Logger;
  retryAfter(seconds: number, reason?: string): never;
}

const PERMANENT_STATUSES = new Set([400, 404, 422]);
const CREDENTIAL_STATUSES = new Set([401, 403]);

export async function lookUpProfile(
  api: EnrichmentApi,
  email: string,
  context: CallContext,
): Promise<EnrichedProfile> {
  const origin = new URL(api.url).origin;
  const admission = api.breaker.admit();
  if (!admission.allowed) {
    return context.retryAfter(
      Math.ceil(admission.retryInMs / 1000),
      `The circuit for the enrichment API ${origin} is open after repeated failures`,
    );
  }
  let result: CallResult = "failure";
  try {
    const response = await send(api, email, context.signal);
    result = verdictOf(response.status);
    return await readAnswer(response, origin, context);
  } catch (thrown) {
    // A shutdown says nothing about the API's health.
    if (context.signal.reason instanceof ShutdownError) result = "neutral";
    throw thrown;
  } finally {
    const changed = admission.permit.done(result);
    if (changed === "open") {
      context.log.warn({ api: origin }, `circuit for the enrichment API opened`);
    } else if (changed === "closed") {
      context.log.info({ api: origin }, `circuit for the enrichment API closed`);
    }
  }
}

async function send(api: EnrichmentApi, email: string, signal: AbortSignal): Promise<Response> {
  return await fetch(api.url, {
    method: "POST",
    headers: {
      accept: "application/json",
      "content-type": "application/json",
      // The only place the key is revealed: never in a log line or an error message.
      ...(api.apiKey ? { authorization: `Bearer ${api.apiKey.reveal()}` } : {}),
    },
    body: JSON.stringify({ email }),
    signal,
  });
}

/** A 429 is the API protecting itself, not failing: it neither opens nor closes the circuit. */
function verdictOf(status: number): CallResult {
  if (status === 429) return "neutral";
  return status === 408 || status >= 500 ? "failure" : "success";
}

async function readAnswer(
  response: Response,
  origin: string,
  context: CallContext,
): Promise<EnrichedProfile> {
  const { status } = response;
  const answered = `The enrichment API ${origin} answered ${status}`;
  if (response.ok) return parseProfile(await response.text(), answered);
  // Unread bodies keep the connection busy until garbage collection.
  await response.body?.cancel();
  if (PERMANENT_STATUSES.has(status)) {
    throw new PermanentJobError(
      `${answered}: the request is refused and a retry cannot change that`,
    );
  }
  if (CREDENTIAL_STATUSES.has(status)) {
    context.log.error(
      { api: origin, status },
      `${answered}: check ENRICHMENT_API_KEY (missing, wrong or without access); retrying until it is fixed`,
    );
    throw new Error(`${answered}: the API key was refused`);
  }
  const wait = parseRetryAfter(response.headers.get("retry-after"), Date.now());
  if (wait !== undefined) return context.retryAfter(wait, answered);
  throw new Error(answered);
}

function parseProfile(text: string, answered: string): EnrichedProfile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PermanentJobError(`${answered} with a body that is not JSON`);
  }
  const parsed = enrichedProfile.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `${issue.path.join(".") || "body"}: ${issue.message}`,
    );
    throw new PermanentJobError(
      `${answered} with a profile that breaks the expected schema: ${issues.join("; ")}`,
    );
  }
  return parsed.data;
}
