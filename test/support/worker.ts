/** Builds a worker app for tests from a config and fixture jobs, with services that record. */
import { createApp, type AppOptions, type WorkerApp } from "../../src/app.js";
import { loadConfig, type Config } from "../../src/config.js";
import type { Services } from "../../src/services.js";

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ LOG_LEVEL: "silent", ...env });
}

export function testServices(overrides: Partial<Services> = {}): Services {
  return {
    digestRecipients: [],
    mailer: { send: () => Promise.resolve() },
    enqueue: () => Promise.resolve({ messageId: "test-message-id" }),
    ...overrides,
  };
}

export function testWorker(
  options: Partial<AppOptions> & { env?: Record<string, string> } = {},
): WorkerApp {
  const { env, ...rest } = options;
  return createApp({ config: testConfig(env), services: testServices(), ...rest });
}
