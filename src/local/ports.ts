/**
 * The ports of `npm run local`: a flag, else its variable, else the default. `PORT` is read by
 * src/config.ts's own rule (the app reads it the same way), so the local loop looks for the app
 * where the app would listen by itself; errors name a variable as a variable and a flag as a flag.
 */
import { loadConfig } from "../config.js";

/** The embedded SQS's default port, LocalStack's, so endpoints copied from its docs work. */
export const DEFAULT_LOCAL_SQS_PORT = 4566;

export interface LocalPorts {
  sqsPort: number;
  appPort: number;
}

type Env = Readonly<Record<string, string | undefined>>;

function isPort(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 65535;
}

/** `what` is "--sqs-port" or "the environment variable LOCAL_SQS_PORT". */
function port(text: string, what: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !isPort(value)) {
    throw new Error(`Expected ${what} to be a port from 1 to 65535, got "${text}"`);
  }
  return value;
}

function appPortFromEnv(env: Env): number {
  // Config's rule, and its ConfigError naming PORT; 0 (any free port) is fine for the app alone.
  const value = loadConfig({ PORT: env.PORT }).port;
  if (!isPort(value)) {
    throw new Error(
      `Expected the environment variable PORT to be a port from 1 to 65535 for npm run local (the daemon must know where the app listens), got "${env.PORT ?? ""}"`,
    );
  }
  return value;
}

export function resolveLocalPorts(
  flags: { "sqs-port"?: string | undefined; "app-port"?: string | undefined },
  env: Env,
): LocalPorts {
  const sqsFlag = flags["sqs-port"];
  const sqsVariable = env.LOCAL_SQS_PORT;
  const appFlag = flags["app-port"];
  return {
    sqsPort:
      sqsFlag !== undefined
        ? port(sqsFlag, "--sqs-port")
        : sqsVariable !== undefined && sqsVariable !== ""
          ? port(sqsVariable, "the environment variable LOCAL_SQS_PORT")
          : DEFAULT_LOCAL_SQS_PORT,
    appPort: appFlag !== undefined ? port(appFlag, "--app-port") : appPortFromEnv(env),
  };
}
