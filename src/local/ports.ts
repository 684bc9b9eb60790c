/**
 * The ports of `npm run local`: a flag, else its variable, else the default. The app's default is
 * src/config.ts's, so the local loop looks for the app where the app would listen by itself.
 */
import { DEFAULT_PORT } from "../config.js";

/** The embedded SQS's default port, LocalStack's, so endpoints copied from its docs work. */
export const DEFAULT_LOCAL_SQS_PORT = 4566;

export interface LocalPorts {
  sqsPort: number;
  appPort: number;
}

function port(text: string, name: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65535) {
    throw new Error(`Expected ${name} to be a port from 1 to 65535, got "${text}"`);
  }
  return value;
}

export function resolveLocalPorts(
  flags: { "sqs-port"?: string | undefined; "app-port"?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): LocalPorts {
  return {
    sqsPort: port(
      flags["sqs-port"] ?? env.LOCAL_SQS_PORT ?? String(DEFAULT_LOCAL_SQS_PORT),
      "--sqs-port",
    ),
    appPort: port(flags["app-port"] ?? env.PORT ?? String(DEFAULT_PORT), "--app-port"),
  };
}
