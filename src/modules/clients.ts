/**
 * The clients a job or task module uses (a mailer, the producer, an S3 client…), declared by the
 * module itself: adding a job with a new dependency touches only the job file and its registry
 * line. Each client is built once per app from its declaration, shared by every module that
 * names it, and handed to the handler typed as `context.clients`. Tests replace any client by
 * name (`createApp({ clients: { mailer: fake } })`).
 */
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { Config } from "../config.js";
import type { JobDefinition } from "../jobs/define-job.js";
import type { Clients } from "./handler-context.js";

/** What a client's factory may use: the configuration and the process's shared resources. */
export interface ClientContext {
  config: Config;
  /** The process's SQS client (created once, destroyed on stop). */
  sqs: () => SQSClient;
  /** The app's job registry, for clients that enqueue. */
  jobs: readonly JobDefinition[];
}

export interface ClientDeclaration<T> {
  /** One name per client across the app: the key tests replace it by. */
  name: string;
  create(context: ClientContext): T;
}

/** Declares a client; the identity function exists so TypeScript infers its type. */
export function defineClient<T>(
  name: string,
  create: (context: ClientContext) => T,
): ClientDeclaration<T> {
  return { name, create };
}

/**
 * Builds every client the modules declare, once per name (a replacement given by name wins), and
 * returns each module's own set. Built at start-up, so a factory's mistake stops the app early.
 */
export function bindClients<Module extends { clients?: Clients }>(
  modules: readonly Module[],
  context: ClientContext,
  replacements: Readonly<Record<string, unknown>> = {},
): Map<Module, Readonly<Record<string, unknown>>> {
  const built = new Map<string, unknown>(Object.entries(replacements));
  const bound = new Map<Module, Readonly<Record<string, unknown>>>();
  for (const module of modules) {
    const clients: Record<string, unknown> = {};
    for (const [key, declaration] of Object.entries(module.clients ?? {})) {
      if (!built.has(declaration.name)) built.set(declaration.name, declaration.create(context));
      clients[key] = built.get(declaration.name);
    }
    bound.set(module, clients);
  }
  return bound;
}
