/**
 * Builds a worker app for tests from a config and the test's own jobs and tasks (none unless
 * given: the pipeline's tests do not depend on the modules this project ships), with clients
 * that succeed.
 */
import { createApp, type AppOptions, type WorkerApp } from "../../src/app.js";
import { loadConfig, type Config, type ConfiguredModules } from "../../src/config.js";
import type { Mailer } from "../../src/mail/mailer.js";
import type { Enqueue } from "../../src/producer/producer.js";

export function testConfig(env: Record<string, string> = {}, modules?: ConfiguredModules): Config {
  return loadConfig({ LOG_LEVEL: "silent", ...env }, modules);
}

/** Replacements for the clients the shipped jobs and tasks use: no email, no queue. */
export function testClients(): Record<string, unknown> {
  const mailer: Mailer = { send: () => Promise.resolve() };
  const enqueue: Enqueue = () => Promise.resolve({ messageId: "test-message-id" });
  return { mailer, enqueue };
}

export function testWorker(
  options: Partial<AppOptions> & { env?: Record<string, string> } = {},
): WorkerApp {
  const { env, ...rest } = options;
  const modules = { jobs: rest.jobs ?? [], tasks: rest.tasks ?? [] };
  return createApp({
    config: testConfig(env, modules),
    clients: testClients(),
    ...rest,
    ...modules,
  });
}
